namespace Proxima.Training;

/// <summary>
/// Generalized Advantage Estimation (Schulman et al., 2016) over a rollout shaped [steps, rows], time-major.
/// <para>
/// Each step t stores the outcome of its own transition: <c>terminated[t]</c> and <c>truncated[t]</c> say whether
/// the episode ended with that action. The value of the next state is then
/// 0 after a termination, the value of the episode's final observation after a truncation
/// (<c>bootstrapValues[t]</c>, so a time limit is not mistaken for a terminal state), and otherwise
/// <c>values[t+1]</c> (or <c>lastValues</c> after the final step). The advantage recursion stops at every episode
/// end, so no credit leaks into the next episode of the same row.
/// </para>
/// </summary>
public static class Gae
{
    /// <summary>
    /// Computes advantages and returns (= advantages + values, the value-function targets).
    /// All per-step spans have length steps·rows; <paramref name="lastValues"/> has length rows and holds
    /// V(observation after the last step).
    /// </summary>
    public static void ComputeGae(
        int steps,
        int rows,
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> values,
        ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> bootstrapValues,
        ReadOnlySpan<float> lastValues,
        float gamma,
        float lambda,
        Span<float> advantages,
        Span<float> returns)
    {
        int n = steps * rows;
        if (rewards.Length != n || values.Length != n || terminated.Length != n || truncated.Length != n
            || bootstrapValues.Length != n || advantages.Length != n || returns.Length != n)
        {
            throw new ArgumentException($"GAE inputs must all have steps*rows = {n} entries.");
        }

        if (lastValues.Length != rows)
        {
            throw new ArgumentException($"lastValues must have one entry per row ({rows}), got {lastValues.Length}.", nameof(lastValues));
        }

        for (int r = 0; r < rows; r++)
        {
            float nextAdvantage = 0f;
            float nextValue = lastValues[r];
            for (int t = steps - 1; t >= 0; t--)
            {
                int i = (t * rows) + r;
                float bootstrap;
                float carry;
                if (terminated[i])
                {
                    bootstrap = 0f;
                    carry = 0f;
                }
                else if (truncated[i])
                {
                    bootstrap = bootstrapValues[i];
                    carry = 0f;
                }
                else
                {
                    bootstrap = nextValue;
                    carry = 1f;
                }

                float delta = rewards[i] + (gamma * bootstrap) - values[i];
                nextAdvantage = delta + (gamma * lambda * carry * nextAdvantage);
                advantages[i] = nextAdvantage;
                returns[i] = nextAdvantage + values[i];
                nextValue = values[i];
            }
        }
    }
}
