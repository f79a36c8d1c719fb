/// A scenario: the steps of a simulated day at the counter, read from a text file
/// (grammar in docs/scenarios.md).
public struct Scenario: Sendable, Equatable {
    /// The file the steps came from, for messages.
    public var fileName: String
    public var steps: [ScenarioStep]

    public init(fileName: String, steps: [ScenarioStep]) {
        self.fileName = fileName
        self.steps = steps
    }
}

/// One step and the line it was written on.
public struct ScenarioStep: Sendable, Equatable {
    /// 1-based line number in the scenario file.
    public var line: Int
    public var action: ScenarioAction

    public init(line: Int, action: ScenarioAction) {
        self.line = line
        self.action = action
    }
}

/// A device that can be unplugged and plugged back in.
public enum SimulatedDevice: String, Sendable, Equatable, CaseIterable {
    case scanner, printer, keypad
}

/// Something that goes wrong at the counter, and its recovery.
public enum SimulatedFault: Sendable, Equatable {
    case unplug(SimulatedDevice)
    case plug(SimulatedDevice)
    case paperOut
    case paperIn
    case coverOpen
    case coverClose
    /// The power goes off and comes back: the process restarts from its database.
    case powerCut
}

/// What a step does.
public enum ScenarioAction: Sendable, Equatable {
    /// `at 08:30:00`: advance the clock to this time of day (milliseconds after midnight).
    case at(timeOfDayMs: Int64)
    /// `wait 45s`: advance the clock.
    case wait(durationMs: Int64)
    /// `scan DATA`: the scanner reads DATA (product, payment or command code).
    case scan(String)
    /// `key NAME`: a keypad key (`0`–`9`, `point`, `backspace`, or a function key name).
    case key(String)
    /// `cash 12.50`: cash handed over, in fen.
    case cash(fen: Int64)
    /// `gateway approve after 2s`: how the gateway answers the next code payment.
    case gateway(GatewayAnswer)
    /// `assisted 王秀英 13800001234`: open an assisted order (代购) for a villager.
    case assistedOrder(villager: String, phone: String)
    /// `fulfil 1 ordered` / `fulfil 1 arrived`: the assisted order was placed online / its goods came.
    case fulfilment(order: Int, step: FulfilmentStep)
    /// `pickup 1` (with the code on the villager's receipt) or `pickup 1 123456` (with this code).
    case pickup(order: Int, code: String?)
    /// `unplug printer`, `paper out`, `power-cut`…
    case fault(SimulatedFault)
    /// `scale 2350` (goods settle at 2.350 kg), `scale unstable` (the pan moves), `scale empty`.
    case scale(ScaleStep)
    /// `farmer 王秀英 13812345678 石门村`: the farmer selling produce (收购).
    case farmer(name: String, phone: String, village: String)
    /// `grade 核桃 特级`: the produce and grade on the scale.
    case grade(produce: String, grade: String)
    /// `tare 竹筐 2`: the container type and how many are on the scale.
    case tare(container: String, count: Int)
    /// `buy cash` / `buy account`: buy the weighed lot, paying the farmer so.
    case buy(payout: String)
    /// `expect …`: a check; the run fails at this line if it does not hold.
    case expect(ScenarioExpectation)
}

/// What the simulated scale does.
public enum ScaleStep: Sendable, Equatable {
    /// Goods settle at this many grams (the scale is read until the board's readings agree).
    case weight(grams: Int64)
    /// The pan moves: no weight can be taken.
    case unstable
    /// The pan is emptied.
    case empty
}

/// A step of an assisted order's fulfilment.
public enum FulfilmentStep: Sendable, Equatable {
    case ordered, arrived
}

/// A check in a scenario.
public enum ScenarioExpectation: Sendable, Equatable {
    /// `expect order 1 state paid`: order number (1 = first order of the run) and state name.
    case orderState(order: Int, state: String)
    /// `expect order 1 total 12.50`.
    case orderTotal(order: Int, fen: Int64)
    /// `expect receipts 2`: receipts that came out of the printer so far.
    case receipts(count: Int)
    /// `expect drawer 112.50`: cash in the drawer.
    case drawer(fen: Int64)
    /// `expect message "找零"`: the last operator message contains this text.
    case message(contains: String)
    /// `expect message-code CHANGE_DUE`: the last operator message has this code.
    case messageCode(String)
    /// `expect produce purchases 2`: lots bought so far.
    case producePurchases(count: Int)
    /// `expect produce paid-out 650.00`: cash paid out to farmers so far.
    case producePaidOut(fen: Int64)
    /// `expect produce grams 25000`: net grams bought so far.
    case produceGrams(Int64)
    /// `expect scale 2350` / `expect scale none`: the weight the scale last took, or none since the
    /// last purchase (a moving scale gives none).
    case scaleWeight(grams: Int64?)
}
