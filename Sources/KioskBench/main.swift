#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `KioskBench <benchmark>`: runs one benchmark and prints its figures, last lines as
/// `name value` pairs that scripts can read. Run through `scripts/bench`, which preloads the
/// malloc interposer.
let benchmarks: [String: () -> Int32] = [
    "core": CoreBenchmark.run,
    "durable": DurableBenchmark.run,
    "syncs": DurableBenchmark.salesForSyncCount,
    "receipt": ReceiptBenchmark.run,
    "parcels": ParcelBenchmark.run,
]

let name = CommandLine.arguments.dropFirst().first ?? ""
guard let benchmark = benchmarks[name] else {
    print("usage: KioskBench <\(benchmarks.keys.sorted().joined(separator: "|"))>")
    exit(64)
}
exit(benchmark())
