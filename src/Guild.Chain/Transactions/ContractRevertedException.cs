namespace Guild.Chain.Transactions;

/// <summary>
/// A contract refused a call. <see cref="ErrorName"/> is the Solidity custom error (for example
/// <c>RewardsDistributorEpochNotConsecutive</c>) and <see cref="Error"/> its decoded generated type with the values it
/// carries, so callers can react to the exact reason.
/// </summary>
public sealed class ContractRevertedException(string what, string errorName, object? error, string? rawData, Exception? inner = null)
    : Exception($"{what} reverted: {errorName}{Describe(error)}", inner)
{
    public string ErrorName { get; } = errorName;
    public object? Error { get; } = error;
    public string? RawData { get; } = rawData;

    public bool Is<TError>() => Error is TError;

    private static string Describe(object? error) => error is null
        ? ""
        : "(" + string.Join(", ", error.GetType().GetProperties().Select(p => $"{p.Name}={Format(p.GetValue(error))}")) + ")";

    private static string? Format(object? value) => value is byte[] bytes ? "0x" + Convert.ToHexStringLower(bytes) : value?.ToString();
}
