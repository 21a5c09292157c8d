"""Small submissions for the committee's workflow (registry, batch, diff): one table by area × sex, or by
area alone, written as a manifest with long CSVs. Counts are invented."""
from pathlib import Path

ATTRIBUTION = ("本成果は、がん登録等の推進に関する法律に基づき兵庫県から提供を受けた全国がん登録情報を利用し、"
               "利用者が独自に作成・加工したものである。")
AREAS = ["28000", "28100", "28201", "28202"]
AREA_LABELS = {"28000": "兵庫県", "28100": "神戸市", "28201": "姫路市", "28202": "尼崎市"}
SEXES = ["0", "1", "2"]

# Submission B (area × sex). Alone it is safe: 姫路市×男 (5) is suppressed with 姫路市×計, 尼崎市×男 and
# 尼崎市×計, so 姫路市×男 + 尼崎市×男 = 18 and 姫路市×計 = 姫路市×男 + 12 leave it anywhere in [0, 18].
# Publication A (area, both sexes) printed 姫路市 = 17 before: 17 − 12 = 5 gives it away (rule ⑤).
B_VALUES = {("28000", "0"): 74, ("28000", "1"): 32, ("28000", "2"): 42,
            ("28100", "0"): 30, ("28100", "1"): 14, ("28100", "2"): 16,
            ("28201", "0"): 17, ("28201", "1"): 5, ("28201", "2"): 12,
            ("28202", "0"): 27, ("28202", "1"): 13, ("28202", "2"): 14}
B_SUPPRESSED = {("28201", "0"), ("28201", "1"), ("28202", "0"), ("28202", "1")}
A_VALUES = {a: B_VALUES[(a, "0")] for a in AREAS}


def _manifest(approval, title, tables, date="2024-04-01", venue="学会抄録集"):
    lines = ["manifest_version: 1", "policy: hyogo-2018", "submission:", f"  title: {title}",
             f"  approval: {{date: \"{date}\", number: {approval}}}", "  purpose: 試験",
             f"  publication: {{venue: {venue}, date: \"2024-11\"}}", f"  attribution: {ATTRIBUTION}",
             "dimensions:", "  area:", "    label: 市町", "    codes:"]
    for a in AREAS:
        parent = "" if a == "28000" else ", parent: \"28000\""
        lines.append(f"      - {{code: \"{a}\", label: {AREA_LABELS[a]}{parent}}}")
    lines += ["  sex:", "    label: 性別", "    codes:", "      - {code: \"0\", label: 計}",
              "      - {code: \"1\", label: 男, parent: \"0\"}", "      - {code: \"2\", label: 女, parent: \"0\"}", "tables:"]
    for tid, dims in tables:
        cols = ", ".join(f"{d}: {d}" for d in dims)
        lines += [f"  - id: {tid}", f"    title: 表 {tid}", f"    file: {tid}.csv", "    layout: long",
                  f"    dimensions: {{{cols}}}", "    count: count", "    true_value_column: true"]
    return "\n".join(lines) + "\n"


def write_submission(folder, approval, tables, title="試験提出", date="2024-04-01"):
    """tables: {id: (dims, {key tuple: value}, suppressed keys)}. Returns the manifest path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for tid, (dims, values, suppressed) in tables.items():
        rows = [",".join(dims) + ",count,true"]
        for key, v in values.items():
            hidden = key in suppressed
            rows.append(",".join(key) + ("," + "*" + "," + str(v) if hidden else "," + str(v) + ","))
        (folder / f"{tid}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    manifest = folder / "manifest.yaml"
    manifest.write_text(_manifest(approval, title, [(t, d) for t, (d, _, _) in tables.items()], date=date),
                        encoding="utf-8")
    return manifest


def submission_b(folder, approval="兵庫県指令健第0002号", values=None, suppressed=None):
    return write_submission(folder, approval, {"b1": (["area", "sex"], values or B_VALUES,
                                                      B_SUPPRESSED if suppressed is None else suppressed)},
                            title="市町別・性別 罹患数", date="2024-06-01")


def publication_a(folder, approval="兵庫県指令健第0001号", date="2024-04-01"):
    values = {(a,): v for a, v in A_VALUES.items()}
    return write_submission(folder, approval, {"a1": (["area"], values, set())}, title="市町別 罹患数", date=date)


def scaled_submission(folder, k, approval=None):
    """The k-th of a family of small area × sex submissions (k = 0, 1, ...): every count of B times
    (1 + k % 4), shifted so some are safe and some are not. Deterministic."""
    factor = 1 + k % 4
    values = {key: v * factor for key, v in B_VALUES.items()}
    suppressed = set(B_SUPPRESSED) if k % 3 else {("28201", "1")}  # every third leaks by subtraction
    if k % 5 == 4:
        suppressed = set()  # and some publish a small count (rule ②), when factor keeps it small
    return write_submission(folder, approval or f"試験第{k:03d}号", {"b1": (["area", "sex"], values, suppressed)},
                            title=f"提出 {k}", date=f"2024-{1 + k % 12:02d}-{1 + k % 28:02d}")
