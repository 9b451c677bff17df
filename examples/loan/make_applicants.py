"""Writes a synthetic, deterministic CSV of past loan applicants and how their loans ended.

    python make_applicants.py OUT.csv [--count 400] [--seed 7] [--id-prefix A]

One row per applicant:
    applicant_id          A0001, A0002, ... (the data subject: the CSV is split on it);
                          --id-prefix replaces the A, so that runs can have ids of their own
    name, email           personal data the model never sees, but an erasure must remove
    age                   years, 21-75
    income                yearly, in whole currency units
    debt                  outstanding debt
    loan_amount           the amount applied for
    employment_years      years in the current job
    credit_history_years  years since the first credit line
    late_payments         late payments in the last two years
    repaid                1 if the loan was repaid, 0 if it defaulted: the label

Repayment follows a hidden logistic rule (more income and history help; debt, the size of the
loan against income and late payments hurt) plus noise, so a logistic regression recovers it
approximately. The same count and seed give the same bytes on every run.
"""
import argparse
import csv
import math
import random

FIRST = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Femi", "Grace", "Hugo", "Ines", "Jon", "Kaya", "Luis",
         "Mina", "Noor", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wen", "Yara", "Zane"]
LAST = ["Okafor", "Silva", "Novak", "Haddad", "Kim", "Larsen", "Moreau", "Patel", "Rossi", "Schmidt",
        "Tanaka", "Walsh", "Yilmaz", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Ivanova", "Jensen"]
FIELDS = ["applicant_id", "name", "email", "age", "income", "debt", "loan_amount", "employment_years",
          "credit_history_years", "late_payments", "repaid"]


def clip(value, low, high):
    return max(low, min(high, value))


def applicant(rng, number, prefix):
    """One applicant's row, drawn from rng."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    age = int(clip(rng.gauss(40, 11), 21, 75))
    employment_years = int(clip(rng.expovariate(1 / 6), 0, age - 18))
    credit_history_years = int(clip(rng.gauss(age - 24, 6), 0, age - 18))
    income = int(round(math.exp(rng.gauss(10.8, 0.45)), -2))
    debt = int(round(income * clip(rng.gauss(0.35, 0.22), 0, 1.5), -2))
    loan_amount = int(round(income * clip(rng.gauss(0.45, 0.2), 0.05, 1.5), -2))
    late_payments = sum(rng.random() < 0.12 for _ in range(6))
    logit = (1.0 + 1.1 * math.log(income / 50_000) - 3.2 * (debt / income - 0.35) - 2.0 * (loan_amount / income - 0.45)
             + 0.07 * employment_years + 0.04 * credit_history_years - 0.75 * late_payments + rng.gauss(0, 0.4))
    repaid = int(rng.random() < 1 / (1 + math.exp(-logit)))
    return {
        "applicant_id": f"{prefix}{number:04d}",
        "name": f"{first} {last}",
        "email": f"{first.lower()}.{last.lower()}{number}@example.org",
        "age": age,
        "income": income,
        "debt": debt,
        "loan_amount": loan_amount,
        "employment_years": employment_years,
        "credit_history_years": credit_history_years,
        "late_payments": late_payments,
        "repaid": repaid,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the CSV file to write")
    parser.add_argument("--count", type=int, default=400, help="applicants (default 400)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--id-prefix", default="A", help="what applicant ids start with (default A)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = [applicant(rng, n, args.id_prefix) for n in range(1, args.count + 1)]
    with open(args.out, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    repaid = sum(r["repaid"] for r in rows)
    print(f"{args.out}: {len(rows)} applicants, {repaid} repaid, {len(rows) - repaid} defaulted")


if __name__ == "__main__":
    main()
