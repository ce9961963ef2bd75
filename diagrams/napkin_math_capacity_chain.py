"""The chain of a capacity estimate: from daily users to peak QPS, servers and storage."""

from house_style import box, diagram, edge

X = "\N{MULTIPLICATION SIGN}"  # written by name: ruff flags the literal sign as ambiguous

TITLE = "A capacity estimate as a chain of unit conversions"
DESCRIPTION = (
    "Boxes joined by arrows, each arrow labelled with the operation and its unit. Upper line: "
    "20 million daily active users, times 30 requests per user per day, gives 600 million "
    "requests per day; divided by 86,400 seconds per day, about 7,000 requests per second on "
    "average; times a peak factor of 3, about 21,000 requests per second at peak; divided by "
    "500 requests per second per server, 42 servers before headroom. Lower line: 600 million "
    "requests per day times 2 kilobytes logged per request gives 1.2 terabytes per day; times "
    "365 days and 3 replicas, about 1.3 petabytes of raw storage per year."
)

with diagram(direction="TB", nodesep="0.9", ranksep="0.45"):
    dau = box("Daily active users\n20 M")
    requests = box(f"Requests / day\n6 {X} 10⁸")
    average = box("Average load\n≈ 7,000 QPS")
    peak = box("Peak load\n≈ 21,000 QPS", tone="online")
    servers = box("Servers\n42 + headroom", tone="online")
    daily_bytes = box("Logged bytes / day\n1.2 TB")
    yearly = box("Raw storage / year\n≈ 1.3 PB", tone="offline")

    dau >> edge(f"{X} 30 requests\nper user per day") >> requests
    requests >> edge("÷ 86,400 s\nper day") >> average
    average >> edge(f"{X} peak\nfactor 3") >> peak
    peak >> edge("÷ 500 QPS\nper server") >> servers
    requests >> edge(f"{X} 2 KB\nper request") >> daily_bytes
    daily_bytes >> edge(f"{X} 365 days\n{X} 3 replicas") >> yearly
