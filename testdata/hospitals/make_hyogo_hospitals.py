#!/usr/bin/python3
"""Writes hyogo_hospitals_synthetic.csv: a SYNTHETIC hospital list for Hyogo (not real hospitals).

Shape of reality: many hospitals in the big cities (Kobe's wards, Himeji, Amagasaki, Nishinomiya),
several municipalities with exactly one hospital, a few with none. Per municipality the tuple is
(hospitals, designated cancer hospitals, radiotherapy, surgery); hospital i (0-based) of a
municipality has flag f when i < count_f. Every hospital reports to the registry except the last
one of a municipality with 5 or more. Deterministic: run it again and the file is identical.
"""
import csv
import pathlib

COUNTS = {  # code: (name, hospitals, designated, radiotherapy, surgery)
    "28101": ("神戸市東灘区", 8, 1, 1, 5), "28102": ("神戸市灘区", 5, 0, 0, 3),
    "28105": ("神戸市兵庫区", 6, 1, 1, 4), "28106": ("神戸市長田区", 5, 0, 0, 3),
    "28107": ("神戸市須磨区", 6, 0, 1, 4), "28108": ("神戸市垂水区", 6, 0, 0, 4),
    "28109": ("神戸市北区", 9, 0, 0, 5), "28110": ("神戸市中央区", 12, 2, 3, 8),
    "28111": ("神戸市西区", 8, 1, 1, 5),
    "28201": ("姫路市", 30, 2, 3, 18), "28202": ("尼崎市", 20, 2, 2, 12), "28203": ("明石市", 10, 1, 1, 6),
    "28204": ("西宮市", 15, 1, 2, 9), "28205": ("洲本市", 2, 1, 1, 2), "28206": ("芦屋市", 3, 0, 0, 2),
    "28207": ("伊丹市", 6, 1, 1, 4), "28208": ("相生市", 2, 0, 0, 1), "28209": ("豊岡市", 5, 1, 1, 3),
    "28210": ("加古川市", 8, 1, 1, 5), "28212": ("赤穂市", 3, 1, 1, 2), "28213": ("西脇市", 2, 0, 0, 1),
    "28214": ("宝塚市", 7, 0, 1, 4), "28215": ("三木市", 4, 0, 0, 2), "28216": ("高砂市", 3, 0, 0, 2),
    "28217": ("川西市", 4, 0, 1, 2), "28218": ("小野市", 2, 0, 0, 1), "28219": ("三田市", 4, 0, 1, 3),
    "28220": ("加西市", 2, 0, 0, 1), "28221": ("丹波篠山市", 2, 0, 0, 1), "28222": ("養父市", 1, 0, 0, 1),
    "28223": ("丹波市", 3, 1, 1, 2), "28224": ("南あわじ市", 1, 0, 0, 1), "28225": ("朝来市", 2, 0, 0, 1),
    "28226": ("淡路市", 1, 0, 0, 1), "28227": ("宍粟市", 2, 0, 0, 1), "28228": ("加東市", 2, 0, 0, 1),
    "28229": ("たつの市", 3, 0, 0, 2), "28301": ("猪名川町", 0, 0, 0, 0), "28365": ("多可町", 1, 0, 0, 1),
    "28381": ("稲美町", 0, 0, 0, 0), "28382": ("播磨町", 1, 0, 0, 0), "28442": ("市川町", 0, 0, 0, 0),
    "28443": ("福崎町", 1, 0, 0, 1), "28446": ("神河町", 1, 0, 0, 0), "28464": ("太子町", 1, 0, 0, 1),
    "28481": ("上郡町", 1, 0, 0, 0), "28501": ("佐用町", 1, 0, 0, 1), "28585": ("香美町", 1, 0, 0, 1),
    "28586": ("新温泉町", 1, 0, 0, 0),
}

out = pathlib.Path(__file__).with_name("hyogo_hospitals_synthetic.csv")
with out.open("w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["hospital_code", "name", "municipality_code",
                "reports_registry", "designated", "radiotherapy", "surgery"])
    serial = 0
    for code in sorted(COUNTS):
        name, n, d, r, s = COUNTS[code]
        for i in range(n):
            serial += 1
            reports = 0 if (n >= 5 and i == n - 1) else 1
            w.writerow([f"Z{serial:04d}", f"合成{name}病院{i + 1}", code,
                        reports, int(i < d), int(i < r), int(i < s)])
