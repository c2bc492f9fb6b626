using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Nethereum.ABI.Model;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace Guild.Chain.Indexing;

/// <summary>A log turned into what <see cref="Core.Chain.ChainEvent"/> stores: the first indexed address and every field as JSON.</summary>
public readonly record struct DecodedEvent(string? Account, string Payload);

/// <summary>
/// Decodes logs for the indexer. Events whose fields are all 32-byte words (every event the indexer sees in bulk:
/// claims, licences, locks, vote changes) are read straight from the hex words; events with strings or arrays
/// (proposals) go through Nethereum's general ABI decoder. Integers are written as decimal strings, keys sorted.
/// </summary>
public sealed class EventDecoder
{
    private readonly EventABI abi;
    private readonly Field[]? fields; // null: needs the general decoder

    private readonly record struct Field(string Name, string Type, bool Indexed, int Slot);

    public EventDecoder(EventABI abi)
    {
        this.abi = abi;
        var parameters = abi.InputParameters;
        if (parameters.All(p => p.Indexed || IsWord(p.Type)))
        {
            int topic = 1, word = 0;
            fields = parameters
                .Select(p => new Field(p.Name, p.Type, p.Indexed, p.Indexed ? topic++ : word++))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .ToArray();
        }
    }

    public string Name => abi.Name;

    public DecodedEvent Decode(FilterLog log)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        string? account = null;
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (fields is not null)
            {
                var data = log.Data.AsSpan(2); // after "0x"
                foreach (var field in fields)
                {
                    var word = field.Indexed
                        ? log.Topics[field.Slot].ToString().AsSpan(2)
                        : data.Slice(field.Slot * 64, 64);
                    var value = FormatWord(word, field.Indexed && !IsWord(field.Type) ? "bytes32" : field.Type);
                    account ??= field.Indexed && field.Type == "address" ? value : null;
                    json.WriteString(field.Name, value);
                }
            }
            else
            {
                foreach (var output in abi.DecodeEventDefaultTopics(log).Event.OrderBy(o => o.Parameter.Name, StringComparer.Ordinal))
                {
                    var value = Format(output.Result, output.Parameter.Type);
                    account ??= output.Parameter.Indexed && output.Parameter.Type == "address" ? value : null;
                    json.WriteString(output.Parameter.Name, value);
                }
            }
            json.WriteEndObject();
        }
        return new DecodedEvent(account, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static bool IsWord(string type) =>
        type is "address" or "bool" || type.StartsWith("uint", StringComparison.Ordinal) || type.StartsWith("int", StringComparison.Ordinal)
        || (type.StartsWith("bytes", StringComparison.Ordinal) && type.Length > 5 && !type.EndsWith(']'));

    private static string FormatWord(ReadOnlySpan<char> word, string type) => type switch
    {
        "address" => "0x" + word[24..].ToString().ToLowerInvariant(),
        "bool" => word[^1] == '1' ? "true" : "false",
        _ when type.StartsWith("uint", StringComparison.Ordinal) =>
            BigInteger.Parse("0" + word.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ when type.StartsWith("int", StringComparison.Ordinal) =>
            BigInteger.Parse(word, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), // two's complement
        _ => "0x" + word[..(2 * int.Parse(type.AsSpan(5), CultureInfo.InvariantCulture))].ToString().ToLowerInvariant(),
    };

    private static string? Format(object? value, string type) => value switch
    {
        null => null,
        BigInteger number => number.ToString(CultureInfo.InvariantCulture),
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes),
        string text when type == "address" => text.ToLowerInvariant(),
        System.Collections.IEnumerable items and not string => JsonSerializer.Serialize(items.Cast<object?>().Select(i => Format(i, type.TrimEnd('[', ']')))),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
