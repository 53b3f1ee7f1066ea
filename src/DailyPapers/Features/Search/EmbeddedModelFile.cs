using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DailyPapers.Features.Search;

/// <summary>
/// Reads a resource embedded in an assembly from the assembly's file, not through the runtime's mapping of it.
/// Every page of the mapping that a read touches stays in the process's resident memory for its whole life: the
/// 86 MB float model, read once to be quantized, held 86 MB of a serving instance's 500. Read from the file, the
/// bytes pass through the page cache, which the kernel can reclaim and which is not counted as the process's.
/// </summary>
internal static class EmbeddedModelFile
{
    public static byte[] Read(Assembly assembly, string nameSuffix)
    {
        using var file = new FileStream(assembly.Location, FileMode.Open, FileAccess.Read, FileShare.Read,
            bufferSize: 0, FileOptions.RandomAccess);
        using var pe = new PEReader(file, PEStreamOptions.LeaveOpen | PEStreamOptions.PrefetchMetadata);
        var metadata = pe.GetMetadataReader();
        var resource = metadata.ManifestResources.Select(metadata.GetManifestResource)
            .Single(r => metadata.GetString(r.Name).EndsWith(nameSuffix, StringComparison.Ordinal));
        if (!resource.Implementation.IsNil || pe.PEHeaders.CorHeader is not { } cor
            || !pe.PEHeaders.TryGetDirectoryOffset(cor.ResourcesDirectory, out var resources))
            throw new InvalidDataException($"{nameSuffix} is not embedded in {assembly.GetName().Name}.");

        // A resource is its length (4 bytes, little-endian) followed by its bytes.
        var offset = resources + resource.Offset;
        Span<byte> length = stackalloc byte[4];
        ReadExactly(file, length, offset);
        var bytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(length)];
        ReadExactly(file, bytes, offset + length.Length);
        return bytes;
    }

    private static void ReadExactly(FileStream file, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file.SafeFileHandle, buffer, offset);
            if (read == 0) throw new EndOfStreamException("The assembly ends inside an embedded resource.");
            buffer = buffer[read..];
            offset += read;
        }
    }
}
