using EngagementGrains.Load;
using EngagementGrains.Load.Latency;
using EngagementGrains.Load.Limit;
using EngagementGrains.Load.Reporting;
using EngagementGrains.Load.Sending;
using EngagementGrains.Load.Workload;

const string Usage = """
    engagement-load run --url http://127.0.0.1:5080 --key KEY [--individuals 10000] [--events 100000]
                        [--batch 100] [--rate 0] [--concurrency 8] [--duration-seconds 0] [--seed 1]
                        [--duplicates 0.01] [--late 0.05] [--identities] [--run-id ld] [--json-out FILE]
                        [--ndjson-out FILE] [--quiet]
    engagement-load latency --url URL --key KEY --segment NAME [--probes 200] [--per-second 10] [--run-id p] [--json-out FILE]
                        (the segment must be {"event":"BenchProbe","within":"1m"})
    engagement-load limit [--grains 100000] [--concurrency 8] [--seconds 10]
                        (empty Orleans grain calls per second in one in-process silo: the ceiling)
    engagement-load ndjson --out FILE [--individuals 10000] [--events 100000] [--seed 1] [--run-id ld]
    """;

string[] workloadOptions = ["--individuals", "--events", "--batch", "--seed", "--duplicates", "--late", "--run-id"];
if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}

try
{
    switch (args[0])
    {
        case "run":
        {
            var line = new CommandLine(args[1..],
                new HashSet<string>(workloadOptions.Concat(["--url", "--key", "--rate", "--concurrency", "--duration-seconds", "--json-out", "--ndjson-out"])),
                new HashSet<string>(["--identities", "--quiet"]));
            var workload = new WorkloadGenerator(ReadWorkload(line), DateTimeOffset.UtcNow);
            await using var sent = line.Text("--ndjson-out") is { } ndjson ? File.Create(ndjson) : null;
            if (sent is not null)
            {
                // Generation is serialised by the runner, so the file sees one event at a time.
                workload.Sink = json =>
                {
                    sent.Write(json);
                    sent.WriteByte((byte)'\n');
                };
            }

            var load = new LoadOptions
            {
                Url = new Uri(line.Text("--url") ?? "http://127.0.0.1:5080"),
                Key = line.Text("--key") ?? Environment.GetEnvironmentVariable("ENGAGEMENTGRAINS_ADMIN_KEY")
                    ?? throw new ArgumentException("--key is required (or ENGAGEMENTGRAINS_ADMIN_KEY)"),
                Concurrency = line.Number("--concurrency", 8),
                Rate = line.Number("--rate", 0.0),
                Duration = TimeSpan.FromSeconds(line.Number("--duration-seconds", 0.0)),
                Quiet = line.Flag("--quiet"),
            };
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            var result = await new LoadRunner(load, workload).RunAsync(cancel.Token);
            SummaryPrinter.Print(result, Console.Out);
            if (line.Text("--json-out") is { } path)
            {
                await SummaryPrinter.WriteJsonAsync(result, path);
            }

            return result.FailedEvents == 0 ? 0 : 1;
        }

        case "latency":
        {
            var line = new CommandLine(args[1..],
                new HashSet<string>(["--url", "--key", "--segment", "--probes", "--per-second", "--run-id", "--json-out"]), new HashSet<string>());
            var probe = new MembershipLatencyProbe(
                new Uri(line.Text("--url") ?? "http://127.0.0.1:5080"),
                line.Text("--key") ?? throw new ArgumentException("--key is required"),
                line.Text("--segment") ?? throw new ArgumentException("--segment is required"),
                line.Number("--probes", 200),
                line.Number("--per-second", 10.0),
                line.Text("--run-id") ?? "p");
            var result = await probe.RunAsync(CancellationToken.None);
            Console.WriteLine(FormattableString.Invariant(
                $"probes {result.Probes}, entered {result.Entered}, exited {result.Exited}; event-to-membership p50 {result.EnterP50Ms:0.0} ms, p99 {result.EnterP99Ms:0.0} ms, max {result.EnterMaxMs:0.0} ms; time-only exit lag p50 {result.ExitLagP50Ms:0.0} ms, p99 {result.ExitLagP99Ms:0.0} ms, max {result.ExitLagMaxMs:0.0} ms"));
            if (line.Text("--json-out") is { } path)
            {
                await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
            }

            return result.Entered == result.Probes && result.Exited == result.Probes ? 0 : 1;
        }

        case "limit":
        {
            var line = new CommandLine(args[1..], new HashSet<string>(["--grains", "--concurrency", "--seconds"]), new HashSet<string>());
            var rate = await GrainCallLimit.MeasureAsync(line.Number("--grains", 100_000), line.Number("--concurrency", 8),
                TimeSpan.FromSeconds(line.Number("--seconds", 10.0)));
            Console.WriteLine(FormattableString.Invariant($"empty grain calls/s: {rate:0}"));
            return 0;
        }

        case "ndjson":
        {
            var line = new CommandLine(args[1..], new HashSet<string>(workloadOptions.Append("--out")), new HashSet<string>());
            var path = line.Text("--out") ?? throw new ArgumentException("--out is required");
            var options = ReadWorkload(line);
            var workload = new WorkloadGenerator(options, DateTimeOffset.UtcNow);
            await using var file = File.Create(path);
            for (var i = 0L; i < options.Events; i++)
            {
                await file.WriteAsync(workload.NextEvent());
                file.WriteByte((byte)'\n');
            }

            return 0;
        }

        default:
            throw new ArgumentException($"unknown command '{args[0]}'");
    }
}
catch (ArgumentException error)
{
    await Console.Error.WriteLineAsync($"engagement-load: {error.Message}{Environment.NewLine}{Usage}");
    return 2;
}

static WorkloadOptions ReadWorkload(CommandLine line) => new()
{
    Individuals = line.Number("--individuals", 10_000),
    Events = line.Number("--events", 100_000L),
    BatchSize = line.Number("--batch", 100),
    Seed = line.Number("--seed", 1),
    Duplicates = line.Number("--duplicates", 0.01),
    Late = line.Number("--late", 0.05),
    Identities = line.Flag("--identities"),
    RunId = line.Text("--run-id") ?? "ld",
};
