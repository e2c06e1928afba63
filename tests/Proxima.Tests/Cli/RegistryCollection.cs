namespace Proxima.Tests.Cli;

/// <summary>Tests that register environments in the global registry (serialised so registration order is stable).</summary>
[CollectionDefinition(Name)]
public sealed class RegistryCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "EnvRegistry";
}
