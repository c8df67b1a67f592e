namespace MLNet.TwoTower.Retrieval;

/// <summary>
/// The one top-K selection of the library (exact item search, full-catalogue evaluation, validation recall): keeps
/// the k best (score, ordinal) pairs seen so far in a min-heap, so each candidate costs one comparison against
/// the current k-th best. Ties go to the lower ordinal, which makes results independent of scan order.
/// </summary>
internal sealed class TopKHeap
{
    private readonly float[] _scores;
    private readonly int[] _ordinals;
    private int _count;

    public TopKHeap(int capacity)
    {
        _scores = new float[capacity];
        _ordinals = new int[capacity];
    }

    public int Count => _count;

    public bool IsFull => _count == _scores.Length;

    /// <summary>The score a candidate must beat to enter (−∞ until full).</summary>
    public float Threshold => IsFull ? _scores[0] : float.NegativeInfinity;

    public void Clear() => _count = 0;

    /// <summary>Whether (score, ordinal) would enter the heap; cheap enough to call before an expensive filter.</summary>
    public bool Admits(float score, int ordinal) => !IsFull || Worse(_scores[0], _ordinals[0], score, ordinal);

    public void Push(float score, int ordinal)
    {
        if (!IsFull)
        {
            int i = _count++;
            _scores[i] = score;
            _ordinals[i] = ordinal;
            SiftUp(i);
        }
        else if (Worse(_scores[0], _ordinals[0], score, ordinal))
        {
            _scores[0] = score;
            _ordinals[0] = ordinal;
            SiftDown(0);
        }
    }

    /// <summary>Empties the heap into (ordinal, score) pairs, best first.</summary>
    public (int Ordinal, float Score)[] DrainBestFirst()
    {
        var result = new (int, float)[_count];
        while (_count > 0)
        {
            result[_count - 1] = (_ordinals[0], _scores[0]);
            _count--;
            if (_count > 0)
            {
                _scores[0] = _scores[_count];
                _ordinals[0] = _ordinals[_count];
                SiftDown(0);
            }
        }
        return result;
    }

    /// <summary>True when (sa, oa) ranks below (sb, ob): lower score, or equal score and higher ordinal.</summary>
    private static bool Worse(float sa, int oa, float sb, int ob) => sa < sb || (sa == sb && oa > ob);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int parent = (i - 1) / 2;
            if (!Worse(_scores[i], _ordinals[i], _scores[parent], _ordinals[parent]))
                break;
            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, worst = i;
            if (left < _count && Worse(_scores[left], _ordinals[left], _scores[worst], _ordinals[worst])) worst = left;
            if (right < _count && Worse(_scores[right], _ordinals[right], _scores[worst], _ordinals[worst])) worst = right;
            if (worst == i)
                return;
            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_ordinals[a], _ordinals[b]) = (_ordinals[b], _ordinals[a]);
    }
}
