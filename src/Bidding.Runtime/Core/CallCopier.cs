using System.Reflection;
using System.Text.Json;

namespace Bidding.Runtime.Core;

/// <summary>
/// Copies the arguments and result of a call that stays on this silo, as a remote call would by
/// serializing them: a caller never shares a mutable object with a grain's state, and a type that
/// cannot cross silos fails in a single silo too. Values that cannot be mutated pass as they are.
/// </summary>
internal sealed class CallCopier(JsonSerializerOptions json)
{
    public object?[]? CopyArguments(MethodInfo method, object?[]? args)
    {
        if (args is null || args.Length == 0)
            return args;
        var parameters = method.GetParameters();
        var copy = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
            copy[i] = Copy(args[i], parameters[i].ParameterType);
        return copy;
    }

    public object? CopyResult(MethodInfo method, object? result) =>
        method.ReturnType.IsGenericType ? Copy(result, method.ReturnType.GetGenericArguments()[0]) : result;

    private object? Copy(object? value, Type declared) =>
        value is null || IsImmutable(value.GetType())
            ? value
            : JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(value, declared, json), declared, json);

    private static bool IsImmutable(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTimeOffset)
        || type == typeof(DateTime) || type == typeof(TimeSpan) || type == typeof(Guid);
}
