using System.Reflection;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace Guild.Chain.Transactions;

/// <summary>Turns Nethereum's revert exceptions into <see cref="ContractRevertedException"/> with the custom error decoded by the generated error types.</summary>
public static class RevertDecoder
{
    // Every [Error] type the generator wrote, across all contracts (the same error may appear in several).
    private static readonly Type[] ErrorTypes = typeof(RevertDecoder).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<ErrorAttribute>() is not null)
        .ToArray();

    public static Exception? Decode(Exception exception, string what)
    {
        switch (exception)
        {
            case SmartContractCustomErrorRevertException custom:
                foreach (var type in ErrorTypes)
                {
                    if (custom.IsCustomErrorFor(type))
                    {
                        return new ContractRevertedException(what, type.GetCustomAttribute<ErrorAttribute>()!.Name, custom.DecodeError(type), custom.ExceptionEncodedData, exception);
                    }
                }
                return new ContractRevertedException(what, "UnknownCustomError", null, custom.ExceptionEncodedData, exception);
            case SmartContractRevertException revert:
                return new ContractRevertedException(what, "Revert", revert.RevertMessage, revert.EncodedData, exception);
            default:
                return null;
        }
    }
}
