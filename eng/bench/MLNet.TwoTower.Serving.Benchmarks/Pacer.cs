using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MLNet.TwoTower.Serving.Benchmarks;

/// <summary>
/// Sleeps until a <see cref="Stopwatch"/> timestamp without burning a core. The open-loop load sends a request every
/// millisecond; spinning (or yielding) in the last stretch before each one kept half a core busy in the load
/// generator (measured: 0.5 s/s of system time in <c>sched_yield</c>), which on a 2-core machine the server under
/// test then lacked. On Linux, where <see cref="Stopwatch"/> reads CLOCK_MONOTONIC in nanoseconds, it sleeps with
/// <c>clock_nanosleep(TIMER_ABSTIME)</c> (wakes within tens of microseconds); elsewhere it sleeps whole milliseconds
/// and sends the rest late, which counts against the server's latency, never for it.
/// </summary>
internal static partial class Pacer
{
    private const int ClockMonotonic = 1, TimerAbsolute = 1, Interrupted = 4;

    private static readonly bool s_nanosleep = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    public static void SleepUntil(long dueTimestamp)
    {
        if (s_nanosleep)
        {
            var due = new TimeSpec { Seconds = dueTimestamp / 1_000_000_000, Nanoseconds = dueTimestamp % 1_000_000_000 };
            while (clock_nanosleep(ClockMonotonic, TimerAbsolute, in due, 0) == Interrupted)
            {
            }
            return;
        }
        long remaining;
        while ((remaining = dueTimestamp - Stopwatch.GetTimestamp()) > 0)
            Thread.Sleep(TimeSpan.FromSeconds(Math.Max(0.001, (double)remaining / Stopwatch.Frequency)));
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // Returns the error number itself (0 on success), not -1 with errno.
    [LibraryImport("libc")]
    private static partial int clock_nanosleep(int clock, int flags, in TimeSpec request, nint remaining);
}
