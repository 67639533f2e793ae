#!/usr/bin/env python3
"""Fill a crmbot database with realistic synthetic data for benchmarks.

Python 3 standard library only. The file must already carry the real schema
(create it with `CRMInsightsBench --create PATH`, which runs crmbot's own
migrations); this script only inserts rows, through the same tables, so the
schema's CHECK constraints, foreign keys and triggers (customer_stats) apply.

Usage:
    Scripts/gen-data.py --db /tmp/bench.sqlite [--customers 100000]
        [--activities 1000000] [--now 2026-11-22] [--seed 7]

What it writes (all deterministic for a seed):
- 1 admin, 5 managers, 50 reps (10 per manager);
- customers with funnel stages (lead 35%, prospect 20%, customer 25%, key 5%,
  won 10%, lost 5%), grades, MAN answers, credit limits, sales plans, expense
  budgets, costs, paydays, a few consumption rates, birthdays;
- 1-2 contacts per company, some with birthdays;
- orders with a per-customer rhythm (gap 7-90 days, +-20% jitter) over two
  years for customers that buy; a fifth of them stopped ordering some time ago;
- payments for most orders (some customers run up debt);
- the activities (visits, calls, ...) spread over two years, more for buyers;
- complaints (2% of customers, half resolved), objections, referrals, tasks.
"""
import argparse
import datetime as dt
import random
import sqlite3
import sys

STAGES = [("lead", 35), ("prospect", 20), ("customer", 25), ("key", 5), ("won", 10), ("lost", 5)]
ACTIVITY_TYPES = ["visit", "call", "call", "call", "email", "meeting", "message", "message", "gift", "letter", "demo"]
OBJECTIONS = ["busy", "no_need", "has_supplier", "unfamiliar", "think_it_over", "send_info", "price"]
INDUSTRIES = ["hospital", "clinic", "school", "retail", "logistics", "hotel", "factory", "bank"]
REGIONS = ["north", "south", "east", "west", "central"]
SURNAMES = "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo".split()
GIVEN = "Tong Hua Ming Wei Na Lei Jing Yan Jun Fang Min Qiang Li Ping Gang Xin Yu Hong Bo Tao".split()
# Visit and call notes, for full-text search (one note in three is Chinese; one activity in ten has none).
NOTES_EN = ["discussed the trial", "asked about pricing", "wants the warranty extended", "budget approved for next quarter",
            "met the head of purchasing", "demo of the new model", "complained about delivery times", "asked for samples",
            "compared us with a competitor", "tender expected in spring", "training for the night shift",
            "renewal of the service contract", "moving to the new campus", "needs a quote by friday"]
NOTES_ZH = ["讨论了试用方案", "询问价格", "希望延长质保", "下季度预算已批", "见了采购部主任", "演示了新型号", "抱怨发货太慢",
            "要样品", "拿我们和竞争对手比较", "春天会招标", "给夜班做培训", "续签服务合同", "搬到新园区", "周五前要报价"]


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.uniform(0, total)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def iso(d):
    return d.isoformat()


def moment(d, rng):
    return f"{d.isoformat()}T{rng.randint(8, 18):02d}:{rng.choice([0, 15, 30, 45]):02d}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--activities", type=int, default=1_000_000)
    ap.add_argument("--now", default="2026-11-22")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    now = dt.date.fromisoformat(a.now)
    start = now - dt.timedelta(days=730)

    db = sqlite3.connect(a.db, isolation_level=None)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "crmbot_migrations" not in tables or "customer_stats" not in tables:
        sys.exit(f"{a.db}: not a crmbot database with the insights schema; create it with CRMInsightsBench --create")
    if db.execute("SELECT COUNT(*) FROM customers").fetchone()[0] > 0:
        sys.exit(f"{a.db}: already has customers; use a fresh file")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("BEGIN")

    # Reps: admin, 5 managers, 50 reps.
    db.execute("INSERT INTO reps (name, role) VALUES ('Admin', 'admin')")
    managers, reps = [], []
    for m in range(5):
        cur = db.execute("INSERT INTO reps (name, role) VALUES (?, 'manager')", (f"Manager {m + 1}",))
        managers.append(cur.lastrowid)
        for r in range(10):
            cur = db.execute(
                "INSERT INTO reps (name, role, manager_id) VALUES (?, 'rep', ?)", (f"Rep {m + 1}-{r + 1}", managers[-1]))
            reps.append(cur.lastrowid)

    customers = []  # (id, owner, stage, buys, created)
    contacts = []   # (id, customer)
    n_orders = n_payments = 0
    for i in range(a.customers):
        owner = rng.choice(reps)
        stage = weighted(rng, STAGES)
        kind = "person" if rng.random() < 0.25 else "company"
        name = (f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)} {i}" if kind == "person"
                else f"{rng.choice(REGIONS).title()} {rng.choice(INDUSTRIES).title()} {i}")
        created = start + dt.timedelta(days=rng.randint(0, 700))
        buys = stage in ("customer", "key", "won") or (stage == "lost" and rng.random() < 0.6)
        grade = rng.choice(["A", "B", "C"]) if stage in ("lead", "prospect") and rng.random() < 0.7 else None
        tri = lambda: rng.choice(["yes", "yes", "no", "unknown"])  # noqa: E731
        birthday = None
        if kind == "person" and rng.random() < 0.7:
            birthday = f"--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        credit = rng.choice([50_000, 100_000, 200_000, 500_000]) * 100 if buys and rng.random() < 0.6 else None
        plan = rng.choice([10_000, 20_000, 50_000, 100_000]) * 100 if buys and rng.random() < 0.3 else None
        budget = rng.choice([2_000, 5_000, 10_000]) * 100 if buys and rng.random() < 0.3 else None
        cost = int(budget * rng.uniform(0.3, 1.4)) if budget else (
            rng.randint(1_000, 50_000) * 100 if buys and rng.random() < 0.3 else None)
        payday = rng.randint(1, 28) if buys and rng.random() < 0.3 else None
        rate = round(rng.uniform(0.5, 5), 2) if buys and rng.random() < 0.05 else None
        tier_override = "bad" if buys and rng.random() < 0.005 else None
        cur = db.execute(
            """INSERT INTO customers (kind, name, owner_id, industry, region, birthday, stage, grade, tier_override,
                credit_limit_cents, sales_plan_cents, expense_budget_cents, cost_cents, payday, consumption_rate,
                money, authority, need, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (kind, name, owner, rng.choice(INDUSTRIES), rng.choice(REGIONS), birthday, stage, grade, tier_override,
             credit, plan, budget, cost, payday, rate, tri(), tri(), tri(), iso(created) + "T09:00"))
        cid = cur.lastrowid
        customers.append((cid, owner, stage, buys, created))
        if kind == "company":
            for _ in range(rng.choice([1, 1, 2])):
                bday = f"--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.4 else None
                cur = db.execute(
                    "INSERT INTO contacts (customer_id, name, title, birthday) VALUES (?, ?, ?, ?)",
                    (cid, f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}", rng.choice(["purchasing", "admin", "director"]),
                     bday))
                contacts.append((cur.lastrowid, cid))
        if not buys:
            continue
        # Orders with a rhythm; some customers stopped ordering.
        gap = rng.choice([7, 14, 30, 30, 30, 45, 60, 90])
        base = rng.choice([2_000, 5_000, 10_000, 20_000, 50_000]) * rng.uniform(0.5, 3)
        if rng.random() < 0.02:
            base *= 20  # the few big accounts behind the 80/20 pyramid
        qty_unit = rng.choice([10, 20, 50, 100])
        stop = now
        if stage == "lost" or rng.random() < 0.2:
            stop = now - dt.timedelta(days=rng.randint(20, 300))
        d = created + dt.timedelta(days=rng.randint(0, 30))
        orders = []
        while d <= stop and len(orders) < 200:
            amount = int(base * rng.uniform(0.7, 1.3) * 100)
            qty = int(qty_unit * rng.uniform(0.8, 1.2)) if rng.random() < 0.8 else None
            orders.append((cid, owner, amount, qty, "goods", iso(d)))
            d += dt.timedelta(days=max(1, int(gap * rng.uniform(0.8, 1.2))))
        db.executemany(
            "INSERT INTO orders (customer_id, rep_id, amount_cents, quantity, item, date) VALUES (?, ?, ?, ?, ?, ?)",
            orders)
        n_orders += len(orders)
        slow = rng.random() < 0.15
        pays = []
        for (_, _, amount, _, _, day) in orders:
            paid_on = dt.date.fromisoformat(day) + dt.timedelta(days=rng.randint(5, 40))
            if paid_on <= now and (not slow or rng.random() < 0.5):
                pays.append((cid, owner, amount, iso(paid_on)))
        db.executemany("INSERT INTO payments (customer_id, rep_id, amount_cents, date) VALUES (?, ?, ?, ?)", pays)
        n_payments += len(pays)

    # Activities: buyers get three times the weight of others.
    weights = [3 if c[3] else 1 for c in customers]
    # Notes draw from their own generator, so the rest of the data is as before.
    notes_rng = random.Random(a.seed + 1)

    def note(r):
        if r.random() < 0.1:
            return None
        pool = NOTES_ZH if r.random() < 0.33 else NOTES_EN
        joiner = "，" if pool is NOTES_ZH else ", "
        return joiner.join(r.sample(pool, r.choice([1, 2, 2, 3])))

    picks = rng.choices(range(len(customers)), weights=weights, k=a.activities)
    batch = []
    for k in picks:
        cid, owner, _, _, created = customers[k]
        span = max(1, (now - created).days)
        day = created + dt.timedelta(days=rng.randint(0, span))
        batch.append((cid, owner, rng.choice(ACTIVITY_TYPES), moment(day, rng), note(notes_rng)))
        if len(batch) >= 50_000:
            db.executemany("INSERT INTO activities (customer_id, rep_id, type, at, note) VALUES (?, ?, ?, ?, ?)", batch)
            batch.clear()
    db.executemany("INSERT INTO activities (customer_id, rep_id, type, at, note) VALUES (?, ?, ?, ?, ?)", batch)

    # Complaints, objections, referrals, tasks.
    for cid, owner, _, buys, _ in customers:
        if buys and rng.random() < 0.04:
            opened = now - dt.timedelta(days=rng.randint(0, 120))
            resolved = opened + dt.timedelta(days=rng.randint(1, 20)) if rng.random() < 0.5 else None
            if resolved and resolved > now:
                resolved = None
            db.execute(
                "INSERT INTO complaints (customer_id, rep_id, note, opened_at, acknowledged_at, resolved_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (cid, owner, "late delivery", iso(opened) + "T10:00", iso(opened) + "T12:00" if resolved else None,
                 iso(resolved) + "T10:00" if resolved else None))
        if rng.random() < 0.05:
            db.execute("INSERT INTO objections (customer_id, rep_id, kind, date) VALUES (?, ?, ?, ?)",
                       (cid, owner, rng.choice(OBJECTIONS), iso(now - dt.timedelta(days=rng.randint(0, 365)))))
    for _ in range(a.customers // 50):
        f, t = rng.sample(customers, 2)
        db.execute("INSERT INTO referrals (from_customer_id, to_customer_id, rep_id, date) VALUES (?, ?, ?, ?)",
                   (f[0], t[0], f[1], iso(now - dt.timedelta(days=rng.randint(0, 365)))))
    for rep in reps:
        for _ in range(20):
            c = rng.choice(customers)
            due = now + dt.timedelta(days=rng.randint(-10, 20))
            db.execute("INSERT INTO tasks (rep_id, what, customer_id, due, created_at) VALUES (?, ?, ?, ?, ?)",
                       (rep, "follow up", c[0], iso(due), iso(now - dt.timedelta(days=30))))
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"{a.db}: {len(reps)} reps, {len(customers)} customers, {len(contacts)} contacts, {n_orders} orders, "
          f"{n_payments} payments, {a.activities} activities")


if __name__ == "__main__":
    main()
