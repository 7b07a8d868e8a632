using System.Runtime.CompilerServices;

namespace Bidding.Onnx;

/// <summary>
/// An input over memory the caller has pinned (<c>fixed</c>) for the duration of
/// <see cref="OnnxSession.Run(ReadOnlySpan{OnnxInputView}, Span{float})"/>: no copy, no allocation.
/// </summary>
public unsafe struct OnnxInputView
{
    internal void* Data;
    internal nuint Bytes;
    internal OnnxElementType Type;
    internal Dimensions Shape;
    internal int Rank;

    /// <summary>A view of <paramref name="length"/> elements at <paramref name="data"/>, shaped by up to four dimensions.</summary>
    public static OnnxInputView Of<T>(T* data, int length, params ReadOnlySpan<long> shape) where T : unmanaged
    {
        if (shape.Length is 0 or > Dimensions.Capacity)
            throw new ArgumentException($"a view has 1 to {Dimensions.Capacity} dimensions", nameof(shape));
        long count = 1;
        var view = new OnnxInputView { Data = data, Bytes = (nuint)(length * sizeof(T)), Type = OnnxElementTypes.Of(typeof(T)), Rank = shape.Length };
        for (var i = 0; i < shape.Length; i++)
        {
            view.Shape[i] = shape[i];
            count *= shape[i];
        }
        if (count != length)
            throw new ArgumentException($"the shape holds {count} elements, the view {length}", nameof(shape));
        return view;
    }

    [InlineArray(Capacity)]
    internal struct Dimensions
    {
        public const int Capacity = 4;
        private long _element;
    }
}
