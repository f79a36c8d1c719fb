/// Decides when a weight is taken: the scale says it is stable and `readingsToAgree` readings in
/// a row give the same grams. Goods left on the pan are taken once; the same weight is taken again
/// only after the pan was emptied (a stable zero) or another weight was taken, so a scale that
/// jitters never counts one lot twice, and a second bag of the same weight still counts.
/// Problems are reported once each time they begin, never as a weight.
public struct StableWeightFilter: Sendable {
    /// How many stable readings in a row must agree (at least 1).
    public let readingsToAgree: Int
    private var candidate: Int64?
    private var agreeing = 0
    private var taken: Int64?
    private var lastProblem: ScaleProblem?

    public init(readingsToAgree: Int) {
        precondition(readingsToAgree >= 1, "at least one reading must agree")
        self.readingsToAgree = readingsToAgree
    }

    /// Consumes one reading; returns a weight taken or a problem that began, if any.
    public mutating func consume(_ reading: ScaleReading) -> ScaleEvent? {
        switch reading {
        case .stable(let grams):
            lastProblem = nil
            guard grams > 0 else {
                candidate = nil
                agreeing = 0
                taken = nil
                return nil
            }
            guard grams != taken else {
                // The goods already taken, read again: readings before this one no longer run in a row.
                candidate = nil
                agreeing = 0
                return nil
            }
            if grams == candidate {
                agreeing += 1
            } else {
                candidate = grams
                agreeing = 1
            }
            guard agreeing >= readingsToAgree else { return nil }
            taken = grams
            candidate = nil
            agreeing = 0
            return .weighed(grams: grams)
        case .moving: return problem(.moving)
        case .overCapacity: return problem(.overCapacity)
        case .underZero: return problem(.underZero)
        case .unusable(let reason): return problem(.unusable(reason: reason))
        }
    }

    /// The scale did not answer in time.
    public mutating func silent() -> ScaleEvent? {
        problem(.silent)
    }

    private mutating func problem(_ problem: ScaleProblem) -> ScaleEvent? {
        candidate = nil
        agreeing = 0
        guard problem != lastProblem else { return nil }
        lastProblem = problem
        return .problem(problem)
    }
}
