using Proxima.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Proxima.Benchmarks -- <suite> [options]
// Each suite is a class implementing IBenchmarkSuite; see Harness.cs for timing conventions.
var suites = BenchmarkRegistry.All.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
if (args.Length == 0 || !suites.TryGetValue(args[0], out var suite))
{
    Console.WriteLine("Suites: " + string.Join(", ", suites.Keys.Order()));
    return args.Length == 0 ? 0 : 2;
}

return suite.Run(args[1..]);
