using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Bidding.Runtime.Core;

/// <summary>Settings of the grain runtime (section <c>Runtime</c>).</summary>
public sealed class RuntimeOptions
{
    /// <summary>An activation unused for this long is deactivated.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a call may wait for its turn before it fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    private (JsonSerializerOptions State, JsonSerializerOptions Call)? _call;

    /// <summary>How grain state is serialized.</summary>
    public JsonSerializerOptions StateSerializer { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>How call arguments and results cross silos: <see cref="StateSerializer"/>, with public fields (tuples) included.</summary>
    public JsonSerializerOptions CallSerializer
    {
        get
        {
            if (_call is not { } call || !ReferenceEquals(call.State, StateSerializer))
                _call = call = (StateSerializer, new JsonSerializerOptions(StateSerializer) { IncludeFields = true });
            return call.Call;
        }
    }
}
