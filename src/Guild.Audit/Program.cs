using Guild.Audit;

// guild-audit: reproduce a published epoch from its snapshot (docs/allocation.md, "Auditing a root"), or recount a
// roadmap vote from its exported signed votes (docs/governance.md).
return args switch
{
    [] or ["-h"] or ["--help"] or ["help"] => Usage.Print(Console.Out),
    ["allocate", .. var rest] => AllocateCommand.Run(CommandLine.Parse(rest), Console.Out, Console.Error),
    ["explain", .. var rest] => ExplainCommand.Run(CommandLine.Parse(rest), Console.Out, Console.Error),
    ["proof", .. var rest] => ProofCommand.Run(CommandLine.Parse(rest), Console.Out, Console.Error),
    ["import-git", .. var rest] => ImportGitCommand.Run(CommandLine.Parse(rest), Console.Out, Console.Error),
    ["weights", .. var rest] => WeightsCommand.Run(CommandLine.Parse(rest), Console.Out),
    ["recount", .. var rest] => RecountCommand.Run(CommandLine.Parse(rest), Console.Out, Console.Error),
    _ => Usage.Fail(Console.Error, $"unknown command '{args[0]}'"),
};
