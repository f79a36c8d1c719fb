import KioskCore

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
    /// `expect …`: a check; the run fails at this line if it does not hold.
    case expect(ScenarioExpectation)
    /// `bill sgcc 3301234567 [123.45]`: look the account up at the biller and put the bill on a new counter
    /// order, for the amount due or the amount given.
    case bill(biller: String, account: String, fen: Int64?)
    /// `biller pending 2`, `biller fail "户号已销户"`…: how the biller treats the next new payment.
    case biller(SimulatedBiller.Behaviour)
    /// `biller answers 1 success BL9`: an answer for bill 1 arrives now, whatever was asked (a late or stray one).
    case billerAnswer(bill: Int, BillerAnswer)
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
    /// `expect bill 1 state succeeded`: bill number (1 = the station's first bill) and state name.
    case billState(bill: Int, state: String)
    /// `expect bills pending 1`: bills the biller has not settled.
    case billsPending(count: Int)
}
