using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;

namespace MLNet.TwoTower.Tests.Cli;

/// <summary>A test console that cancels a token as soon as its output contains a given text (a simulated Ctrl+C).</summary>
internal sealed class CancellingConsole(TestConsole inner, string trigger, CancellationTokenSource cancellation) : IAnsiConsole
{
    public string Output => inner.Output;

    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor => inner.Cursor;

    public IAnsiConsoleInput Input => inner.Input;

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void Write(IRenderable renderable)
    {
        inner.Write(renderable);
        CancelOnTrigger();
    }

    public void WriteAnsi(Action<AnsiWriter> action)
    {
        inner.WriteAnsi(action);
        CancelOnTrigger();
    }

    private void CancelOnTrigger()
    {
        if (inner.Output.Contains(trigger, StringComparison.Ordinal))
            cancellation.Cancel();
    }
}
