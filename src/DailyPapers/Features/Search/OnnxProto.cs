using System.Text;

namespace DailyPapers.Features.Search;

/// <summary>
/// A protobuf message as its list of fields, with no schema: enough to rewrite the few parts of an ONNX model that
/// <see cref="Int8Model"/> changes and to copy every other field byte for byte.
/// </summary>
internal sealed class OnnxProto
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    public List<Field> Fields { get; } = [];

    public readonly record struct Field(int Number, int Wire, ulong Value, byte[]? Bytes);

    public static OnnxProto Parse(ReadOnlySpan<byte> data)
    {
        var message = new OnnxProto();
        var position = 0;
        while (position < data.Length)
        {
            var key = ReadVarint(data, ref position);
            int number = (int)(key >> 3), wire = (int)(key & 7);
            var length = wire switch
            {
                Varint => 0,
                Fixed64 => 8,
                Fixed32 => 4,
                LengthDelimited => checked((int)ReadVarint(data, ref position)),
                _ => throw new InvalidDataException($"Protobuf wire type {wire} is not supported."),
            };
            message.Fields.Add(wire == Varint
                ? new Field(number, wire, ReadVarint(data, ref position), null)
                : new Field(number, wire, 0, data.Slice(position, length).ToArray()));
            position += length;
        }
        return message;
    }

    public IEnumerable<byte[]> Messages(int number) =>
        Fields.Where(f => f.Number == number && f.Wire == LengthDelimited).Select(f => f.Bytes!);

    public List<string> Strings(int number) => [.. Messages(number).Select(b => Encoding.UTF8.GetString(b))];

    public string? String(int number) => Strings(number).FirstOrDefault();

    public ulong? Number(int number) => Fields.Where(f => f.Number == number
        && f.Wire == Varint).Select(f => (ulong?)f.Value).FirstOrDefault();

    /// <summary>A repeated integer field, packed or not (writers may use either).</summary>
    public List<long> Integers(int number)
    {
        var values = new List<long>();
        foreach (var field in Fields.Where(f => f.Number == number))
        {
            if (field.Wire == Varint) values.Add((long)field.Value);
            else if (field.Wire == LengthDelimited)
                for (var position = 0; position < field.Bytes!.Length;)
                    values.Add((long)ReadVarint(field.Bytes, ref position));
        }
        return values;
    }

    public OnnxProto Add(int number, string value) => Add(number, Encoding.UTF8.GetBytes(value));

    public OnnxProto Add(int number, byte[] value)
    {
        Fields.Add(new Field(number, LengthDelimited, 0, value));
        return this;
    }

    public OnnxProto Add(int number, ulong value)
    {
        Fields.Add(new Field(number, Varint, value, null));
        return this;
    }

    public static Field Message(int number, OnnxProto value) => new(number, LengthDelimited, 0, value.ToBytes());

    public byte[] ToBytes()
    {
        // Sized up front (a key and a length take at most 20 bytes): growing by doubling copied a 90 MB model
        // several times over while it was quantized.
        using var stream = new MemoryStream(Fields.Sum(f => (f.Bytes?.Length ?? 0) + 20));
        foreach (var field in Fields)
        {
            WriteVarint(stream, ((ulong)field.Number << 3) | (uint)field.Wire);
            if (field.Wire == Varint) WriteVarint(stream, field.Value);
            else
            {
                if (field.Wire == LengthDelimited) WriteVarint(stream, (ulong)field.Bytes!.Length);
                stream.Write(field.Bytes);
            }
        }
        return stream.ToArray();
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("Protobuf varint is longer than 10 bytes.");
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        for (; value >= 0x80; value >>= 7) stream.WriteByte((byte)(value | 0x80));
        stream.WriteByte((byte)value);
    }
}
