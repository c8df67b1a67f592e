using System.Reflection;
using Microsoft.ML;

namespace MLNet.TwoTower.Tests;

/// <summary>
/// Calls <c>MLContext.CancelExecution()</c>: internal in Microsoft.ML 5.0.1 and public through Microsoft.ML.Experimental's
/// <c>MLContextExtensions.CancelExecution</c>, which does exactly this call. It marks the context's environment and every
/// host registered from it as cancelled, which ML.NET trainers (and ours) check between iterations.
/// </summary>
internal static class MLContextCancellation
{
    public static void CancelExecution(this MLContext ml) =>
        (typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new MissingMethodException(nameof(MLContext), "CancelExecution")).Invoke(ml, null);
}
