namespace Proxima.Benchmarks;

/// <summary>Every benchmark suite, discovered by reflection so adding a suite is adding a file.</summary>
public static class BenchmarkRegistry
{
    public static IEnumerable<IBenchmarkSuite> All =>
        typeof(BenchmarkRegistry).Assembly.GetTypes()
            .Where(t => typeof(IBenchmarkSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!);
}
