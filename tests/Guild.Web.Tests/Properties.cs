// The portal hosts Hangfire, which keeps some global state (JobStorage.Current): one web host at a time per process.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
