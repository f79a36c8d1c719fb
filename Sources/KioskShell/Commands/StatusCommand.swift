/// `status`: the station at a glance.
enum StatusCommand {
    static let node = CommandNode("status", summary: "station overview 运行状态", access: .stationOperator) { context, _ in
        let status = try context.host.status()
        context.print("mode 模式:        \(context.host.modeDescription)")
        context.print("board 主板:       \(status.board ?? "-")")
        context.print("uptime 运行时间:  \(status.uptime_ms.map(ShellFormat.duration) ?? "-")")
        context.print("devices 设备:     \(status.devices.isEmpty ? "-" : status.devices.map { "\($0.name)=\($0.state)" }.joined(separator: " "))")
        context.print("queues 队列:      \(status.queueDepths.map { "\($0.name)=\($0.depth)" }.joined(separator: " "))")
        context.print("open orders 未结订单: \(status.openOrders)")
        context.print("pending payments 待确认支付: \(status.pendingPayments)")
        context.print("disk free 磁盘剩余: \(status.diskFree_bytes.map(ShellFormat.bytes) ?? "-")")
        context.print("last upload 上次上传: \(status.lastSync_ms.map(ShellFormat.time) ?? "never 从未")")
        context.print("uplink backlog 待上传: \(status.uplinkBacklog.map { "\($0) entries 条" } ?? "not enrolled 未登记")")
        if let problem = status.uplinkProblem {
            context.print("uplink problem 上传问题: \(problem)")
        }
        if status.uplinkBacklog != nil {
            context.print("county documents 县中心文件: \(status.countyDocuments.isEmpty ? "none yet 暂无" : "")")
            for line in status.countyDocuments { context.print("  \(line)") }
        }
    }
}
