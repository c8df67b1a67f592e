using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks the GLIBCXX_3.4.32 version requirement of libLibTorchSharp.so weak when the system's libstdc++ lacks it.
/// Only the ELF64 little-endian .gnu.version_r section is edited (one 16-bit flags field); the file keeps its size.
/// </summary>
public class MLNetTwoTowerWeakenGlibcxxRequirement : Task
{
    private const string LibraryName = "libLibTorchSharp.so";
    private const string MarkerVersion = "GLIBCXX_3.4.32";
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    private static readonly string[] SystemLibstdcxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    [Required]
    public string Directory { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory))
            return true;
        var libraries = System.IO.Directory.GetFiles(Directory, LibraryName, SearchOption.AllDirectories);
        if (libraries.Length == 0)
            return true;

        var systemLib = SystemLibstdcxxCandidates.FirstOrDefault(File.Exists);
        if (systemLib == null)
        {
            Log.LogMessage(MessageImportance.Low, "MLNet.TwoTower: no system libstdc++.so.6 found; TorchSharp left as shipped.");
            return true;
        }
        if (ContainsAscii(File.ReadAllBytes(systemLib), MarkerVersion))
        {
            Log.LogMessage(MessageImportance.Low, $"MLNet.TwoTower: {systemLib} provides {MarkerVersion}; TorchSharp left as shipped.");
            return true;
        }

        foreach (var library in libraries)
        {
            try
            {
                var bytes = File.ReadAllBytes(library);
                int changed = WeakenVersionRequirement(bytes, MarkerVersion);
                if (changed > 0)
                {
                    // Write beside, then swap, so an interrupted build never leaves a half-written library.
                    var temporary = library + ".patching";
                    File.WriteAllBytes(temporary, bytes);
                    File.Replace(temporary, library, null);
                    Log.LogMessage(MessageImportance.High,
                        $"MLNet.TwoTower: {systemLib} lacks {MarkerVersion}; marked that requirement weak in {library} so TorchSharp loads.");
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogWarning($"MLNet.TwoTower: could not patch {library} for {MarkerVersion}: {e.Message}. TorchSharp may fail to load on this system.");
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static bool ContainsAscii(byte[] haystack, string needle)
    {
        // The task compiles against netstandard2.0 (no Span search), so a plain scan it is.
        var pattern = Encoding.ASCII.GetBytes(needle + "\0");
        for (int i = 0; i + pattern.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < pattern.Length && haystack[i + j] == pattern[j]) j++;
            if (j == pattern.Length) return true;
        }
        return false;
    }

    /// <summary>Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="version"/>; returns how many changed.</summary>
    internal static int WeakenVersionRequirement(byte[] elf, string version)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");

        ulong sectionTable = ReadU64(elf, 0x28);
        int sectionSize = ReadU16(elf, 0x3A);
        int sectionCount = ReadU16(elf, 0x3C);
        int changed = 0;
        for (int s = 0; s < sectionCount; s++)
        {
            int header = checked((int)sectionTable + s * sectionSize);
            if (ReadU32(elf, header + 4) != ShtGnuVerneed)
                continue;
            int offset = checked((int)ReadU64(elf, header + 0x18));
            int entries = (int)ReadU32(elf, header + 0x2C);
            int stringsHeader = checked((int)sectionTable + (int)ReadU32(elf, header + 0x28) * sectionSize);
            int strings = checked((int)ReadU64(elf, stringsHeader + 0x18));

            int need = offset;
            for (int n = 0; n < entries; n++)
            {
                int auxCount = ReadU16(elf, need + 2);
                int aux = need + (int)ReadU32(elf, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    string name = ReadCString(elf, strings + (int)ReadU32(elf, aux + 8));
                    if (name == version)
                    {
                        ushort flags = ReadU16(elf, aux + 4);
                        if ((flags & VerFlagWeak) == 0)
                        {
                            WriteU16(elf, aux + 4, (ushort)(flags | VerFlagWeak));
                            changed++;
                        }
                    }
                    aux += (int)ReadU32(elf, aux + 12);
                }
                need += (int)ReadU32(elf, need + 12);
            }
        }
        return changed;
    }

    private static ushort ReadU16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);
    private static uint ReadU32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
    private static ulong ReadU64(byte[] b, int o) => ReadU32(b, o) | (ulong)ReadU32(b, o + 4) << 32;
    private static void WriteU16(byte[] b, int o, ushort v) { b[o] = (byte)v; b[o + 1] = (byte)(v >> 8); }

    private static string ReadCString(byte[] b, int o)
    {
        int end = Array.IndexOf(b, (byte)0, o);
        return Encoding.ASCII.GetString(b, o, end - o);
    }
}
