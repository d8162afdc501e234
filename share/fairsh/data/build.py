#!/usr/bin/env python3
"""build.py -- rebuild the datasets that ship with fairsh from the raw files
their publishers distribute, and check the shipped copies.

    python3 build.py RAW [--out DIR]   rebuild every NAME.csv from RAW/<name>/...,
                                       check it, write DIR/NAME.csv.xz (DIR: here)
    python3 build.py --verify [DIR]    check the shipped DIR/NAME.csv.xz files

RAW is a directory laid out like fairsh's shared test data (raw/adult/adult.data,
raw/compas/compas-scores-two-years.csv, ...). Every raw file is checked against
its sha256 before use, and every rebuilt CSV against the sha256 recorded below,
so a changed source or a changed rule is caught at once. Only the standard
library is used. What each step does, and why, is in README.md beside this file.

The CSVs are written one way for all datasets: a header row, UTF-8, commas,
LF line ends, a field quoted only when it holds a comma, a quote or a line
break. Values are copied as the publisher wrote them; missing-value markers
('?', empty fields) stay as they are.
"""
import csv
import hashlib
import io
import lzma
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

# The xz settings of the shipped files: the strongest preset, with the
# dictionary cut to 8 MiB (no file is larger, so the output is the same as
# with xz -9e's 64 MiB, but decoding needs 9 MiB of memory instead of 65).
XZ_FILTERS = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME,
               "dict_size": 8 << 20}]

# name: (rows, columns, sha256 of the CSV, {raw file: sha256})
EXPECT = {
    "adult": (48842, 16,
              "d99d5b2c07ff6c7e09b6e0cefe115f6835d5c7b6efebdb9276238f1243c6369b",
              {"adult/adult.data": "5b00264637dbfec36bdeaab5676b0b309ff9eb788d63554ca0a249491c86603d",
               "adult/adult.test": "a2a9044bc167a35b2361efbabec64e89d69ce82d9790d2980119aac5fd7e9c05",
               "adult/adult.names": "c248284c0b5de30c9e1958d6cdd168a34a654758b620e68f46aefa83fc0a576a"}),
    "compas": (7214, 53,
               "49cc8be6a832db0efdb761be41dc5c648cb6ce23be63cffb63ee7a7b6465b761",
               {"compas/compas-scores-two-years.csv":
                "c451db85908b2f7fef1d83203bedf6b71ecda0d5af468d82ae62178f91d0cc7d"}),
    "german": (1000, 22,
               "bfba5ba1784690e073d2cdf8055b6ab1c7f17a2762ba3497056092e1468fb735",
               {"german/german.data": "b21f3d81db8071257d5ff1deaeba1fd4303b62712e6fcc9715c7a86202cb5871"}),
    "communities": (1994, 128,
                    "748b3de18ff7f09f0e357a3f2510b043a414f5c30916962eda7e3f78bbe21c07",
                    {"communities/communities.data":
                     "09e0b5c07eae24c1efab19b2edee05e160e7f5743b6f31e31eec3d73624da2ea",
                     "communities/communities.names":
                     "d4c5560c798d2c723d4455cdea7c87be59a10327dee20ef175a17eaea1445827"}),
    "law_school": (21791, 9,
                   "8aeab3ca68abd759e4af4768aa778a41a04e31d3ee028d8b919852e4448062ec",
                   {"law_school/law_data.csv":
                    "cbf494af5e0ac317015cf64945a20587c08ec77118e183d3ddb0026719956d88"}),
    "drug_consumption": (1885, 32,
                         "682856160c57e968c3aa33360998962ea4b4ebe95092c152ed8e5f93d4ce6c47",
                         {"drug_consumption/drug_consumption.data":
                          "37333e8db8a5529906b3729e5131d41313b5fa3f50dc3afeb4add892108be213"}),
    "bank": (45211, 17,
             "b44507c26634736d4a0619ec2d7c4b6ff56a2c63cbeb5176d3134e7b25e416f0",
             {"bank/bank.zip": "99d7e8eb12401ed278b793984423915411ea8df099e1795f9fefe254f513fe5e"}),
    "arrhythmia": (452, 280,
                   "91b00eca613a63012d9457bb8099905f7ca5ce6cdc91e9f0e58e68ae8c93ee1a",
                   {"arrhythmia/arrhythmia.data":
                    "59a3360ee531a55cec553cd2cd1eaeab143ba8658d1b324a08fb7941f39ade2e"}),
}


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def text_lines(raw, rel):
    """The non-empty lines of a raw ASCII file, without their CR/LF ends."""
    with open(os.path.join(raw, rel), "rb") as f:
        text = f.read().decode("ascii")
    return [ln.rstrip("\r") for ln in text.split("\n") if ln.rstrip("\r") != ""]


def csv_records(data):
    """Parses RFC 4180 text (str) into lists of fields."""
    return list(csv.reader(io.StringIO(data, newline="")))


# ---- one function per dataset: returns (header, rows) ----

def adult(raw):
    # Column names as listed in adult.names; the label column is 'income'.
    header = ["age", "workclass", "fnlwgt", "education", "education-num",
              "marital-status", "occupation", "relationship", "race", "sex",
              "capital-gain", "capital-loss", "hours-per-week",
              "native-country", "income", "split"]
    rows = []
    for rel, part in (("adult/adult.data", "train"), ("adult/adult.test", "test")):
        for ln in text_lines(raw, rel):
            if ln.startswith("|"):          # adult.test opens with "|1x3 Cross validator"
                continue
            fields = [v.strip() for v in ln.split(",")]   # the files separate with ", "
            if part == "test":
                fields[-1] = fields[-1].rstrip(".")       # test labels read ">50K." and "<=50K."
            rows.append(fields + [part])
    return header, rows


def compas(raw):
    with open(os.path.join(raw, "compas/compas-scores-two-years.csv"), "rb") as f:
        recs = csv_records(f.read().decode("utf-8"))
    header, rows = recs[0], recs[1:]
    # decile_score and priors_count appear twice (identical values); the
    # second copies get pandas' suffix so that every name is unique.
    seen = {}
    for i, h in enumerate(header):
        if h in seen:
            seen[h] += 1
            header[i] = "%s.%d" % (h, seen[h])
        else:
            seen[h] = 0
    return header, rows


def german(raw):
    header = ["checking_status", "duration_months", "credit_history", "purpose",
              "credit_amount", "savings", "employment_since", "installment_rate",
              "personal_status_sex", "other_debtors", "residence_since",
              "property", "age", "other_installment_plans", "housing",
              "existing_credits", "job", "num_dependents", "telephone",
              "foreign_worker", "credit_risk", "sex"]
    # Attribute 9 codes status and sex together (german.doc): A92 and A95
    # are the women's codes, A91, A93 and A94 the men's.
    women = {"A92", "A95"}
    rows = []
    for ln in text_lines(raw, "german/german.data"):
        fields = ln.split()
        rows.append(fields + ["female" if fields[8] in women else "male"])
    return header, rows


def communities(raw):
    header = [ln.split()[1] for ln in text_lines(raw, "communities/communities.names")
              if ln.startswith("@attribute")]
    rows = [ln.split(",") for ln in text_lines(raw, "communities/communities.data")]
    return header, rows


def law_school(raw):
    with open(os.path.join(raw, "law_school/law_data.csv"), "rb") as f:
        recs = csv_records(f.read().decode("ascii"))
    header, rows = recs[0], recs[1:]
    header[0] = header[0] or "id"      # an unnamed pandas index in the source
    return header, rows


def drug_consumption(raw):
    # Variable names of the UCI description, in file order.
    header = ["ID", "Age", "Gender", "Education", "Country", "Ethnicity",
              "Nscore", "Escore", "Oscore", "Ascore", "Cscore", "Impulsive", "SS",
              "Alcohol", "Amphet", "Amyl", "Benzos", "Caff", "Cannabis", "Choc",
              "Coke", "Crack", "Ecstasy", "Heroin", "Ketamine", "Legalh", "LSD",
              "Meth", "Mushrooms", "Nicotine", "Semer", "VSA"]
    rows = [ln.split(",") for ln in text_lines(raw, "drug_consumption/drug_consumption.data")]
    return header, rows


def bank(raw):
    with zipfile.ZipFile(os.path.join(raw, "bank/bank.zip")) as z:
        data = z.read("bank-full.csv").decode("ascii")
    recs = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    return recs[0], recs[1:]


def arrhythmia(raw):
    # Names written from the attribute list of arrhythmia.names: 15 global
    # measures, 12 width/shape measures per lead (attributes 16-159), then
    # 10 amplitude measures per lead (160-279), and the class.
    leads = ["DI", "DII", "DIII", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6"]
    header = ["age", "sex", "height", "weight", "qrs_duration", "pr_interval",
              "qt_interval", "t_interval", "p_interval", "qrs_angle", "t_angle",
              "p_angle", "qrst_angle", "j_angle", "heart_rate"]
    header += [lead + "_" + m for lead in leads for m in
               ("q_width", "r_width", "s_width", "rp_width", "sp_width", "n_deflections",
                "ragged_r", "diphasic_r", "ragged_p", "diphasic_p", "ragged_t", "diphasic_t")]
    header += [lead + "_" + m for lead in leads for m in
               ("jj_amp", "q_amp", "r_amp", "s_amp", "rp_amp", "sp_amp", "p_amp",
                "t_amp", "qrsa", "qrsta")]
    header.append("class")
    rows = [ln.split(",") for ln in text_lines(raw, "arrhythmia/arrhythmia.data")]
    return header, rows


BUILD = {"adult": adult, "compas": compas, "german": german,
         "communities": communities, "law_school": law_school,
         "drug_consumption": drug_consumption, "bank": bank,
         "arrhythmia": arrhythmia}


def field(v):
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def to_csv(name, header, rows):
    out = [",".join(field(v) for v in header)]
    for i, r in enumerate(rows):
        if len(r) != len(header):
            raise SystemExit("%s: data row %d has %d fields, the header %d"
                             % (name, i + 1, len(r), len(header)))
        out.append(",".join(field(v) for v in r))
    return ("\n".join(out) + "\n").encode("utf-8")


def shape(data):
    recs = csv_records(data.decode("utf-8"))
    return len(recs) - 1, len(recs[0])


def check(name, data, where):
    rows, cols, digest, _ = EXPECT[name]
    got = shape(data)
    if got != (rows, cols):
        return "%s: %d rows x %d columns, expected %d x %d" % (where, got[0], got[1], rows, cols)
    if sha256(data) != digest:
        return "%s: sha256 %s, expected %s" % (where, sha256(data), digest)
    return None


def build(raw, out):
    bad = 0
    for name in EXPECT:
        for rel, digest in EXPECT[name][3].items():
            with open(os.path.join(raw, rel), "rb") as f:
                if sha256(f.read()) != digest:
                    raise SystemExit("%s: not the expected raw file (sha256 differs)"
                                     % os.path.join(raw, rel))
        data = to_csv(name, *BUILD[name](raw))
        problem = check(name, data, name + ".csv")
        if problem:
            print(problem)
            bad += 1
            continue
        packed = lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64,
                               filters=XZ_FILTERS)
        with open(os.path.join(out, name + ".csv.xz"), "wb") as f:
            f.write(packed)
        print("%-17s %6d rows x %3d columns  %8d bytes -> %7d bytes xz  sha256 %s"
              % (name, EXPECT[name][0], EXPECT[name][1], len(data), len(packed), sha256(data)))
    return 1 if bad else 0


def verify(where):
    bad = 0
    for name in EXPECT:
        path = os.path.join(where, name + ".csv.xz")
        try:
            with open(path, "rb") as f:
                data = lzma.decompress(f.read())
        except (OSError, lzma.LZMAError) as e:
            print("%s: %s" % (path, e))
            bad += 1
            continue
        problem = check(name, data, path)
        if problem:
            print(problem)
            bad += 1
        else:
            print("%s: ok (%d rows x %d columns)" % (path, EXPECT[name][0], EXPECT[name][1]))
    return 1 if bad else 0


def main(argv):
    if len(argv) >= 1 and argv[0] == "--verify" and len(argv) <= 2:
        return verify(argv[1] if len(argv) == 2 else HERE)
    if len(argv) == 1 and not argv[0].startswith("-"):
        return build(argv[0], HERE)
    if len(argv) == 3 and argv[1] == "--out":
        return build(argv[0], argv[2])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
