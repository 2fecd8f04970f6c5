"""Every example case, checked by hand line by line.

Each expected number is worked out in the comment next to it from the case file and the
2026 IRS Collection Financial Standards (effective 2026-06-29, standards/) and the Rev. 4-2025 form constants
(Form 433-A (OIC) Rev. 4-2025 instructions): QSV 80%, $1,000 bank and $3,450 vehicle allowances, $11,710 line-7
deduction, $5,860 line-10 deduction, Box G = Box F x 12, Box H = Box F x 24, whole dollars
(halves up). Pay-period factors: weekly x 4.3, biweekly x 2.17 (Form 433-A Rev. 7-2022).
"""

from __future__ import annotations

from decimal import Decimal

from tests.analysis.conftest import amount, run


def d(text: str) -> Decimal:
    return Decimal(text)


def test_oic_lump_sum_single_harris_county() -> None:
    a = run("oic-lump-sum-single")  # as of prepared_on 2026-11-02; single, household of 1
    # Income: 1,780 biweekly x 2.17 = 3,862.60 a month -> line 30 = 3,863.
    assert amount(a, "income.monthly.item[0].gross") == d("3862.60")
    assert amount(a, "oic.line_30") == 3863
    assert amount(a, "oic.box_d") == 3863
    # Expenses: 39 national standard 1 person 867 (actual 780 is lower: full standard);
    # 40 min(1,650, Harris 1 person 2,153) = 1,650; 41 no loan payment = 0;
    # 42 min(310, Houston 1 car 361) = 310; 43 vehicle and no fares = 0; 44 212.94 -> 213;
    # 45 one person under 65 = 90; 49 578.67 -> 579. Box E = 867+1650+310+213+90+579 = 3,709.
    expected = {"39": 867, "40": 1650, "41": 0, "42": 310, "43": 0, "44": 213, "45": 90, "49": 579, "50": 0}
    for line, value in expected.items():
        assert amount(a, f"oic.line_{line}") == value, line
    assert amount(a, "oic.box_e") == 3709
    assert amount(a, "rmi") == 3863 - 3709 == 154
    # Section 3: line 1 = 120 cash + 1,835.22 (-> 1,835) + 410 - 1,000 = 1,365;
    # line 3 = 7,300 x .8 = 5,840; 6a = 9,800 x .8 = 7,840, 6b = 7,840 - 3,450 = 4,390;
    # 7b = 3,500 x .8 = 2,800, line 7 = max(0, 2,800 - 11,710) = 0. Box A = 1,365+5,840+4,390 = 11,595.
    assert amount(a, "oic.line_1a") == 120
    assert amount(a, "oic.line_1b") == 1835
    assert amount(a, "oic.line_1") == 1365
    assert amount(a, "oic.line_3") == 5840
    assert amount(a, "oic.line_6a.quick_sale_value") == 7840
    assert amount(a, "oic.line_6b") == 4390
    assert amount(a, "oic.line_7") == 0
    assert amount(a, "oic.box_a") == 11595
    assert amount(a, "oic.box_b") == 0
    # Box G = 154 x 12 = 1,848; Box H = 154 x 24 = 3,696.
    assert amount(a, "oic.minimum_offer.lump_sum") == 11595 + 1848 == 13443
    assert amount(a, "oic.minimum_offer.periodic") == 11595 + 3696 == 15291
    # Initial payment 20% of 13,443 = 2,688.60 exactly (to the cent);
    # fee 205 (AGI 46,300 > 37,650 and 3,863 x 12 = 46,356 > 37,650).
    assert amount(a, "oic.initial_payment.lump_sum") == d("2688.60")
    assert amount(a, "oic.application_fee") == 205
    assert amount(a, "oic.low_income.threshold") == 37650
    # Balance: 2019 9,870+1,120.50+2,467.50+3,104.22 = 16,562.22; 2020 11,240+2,810+3,011.87 = 17,061.87;
    # 2021 8,650+1,946.25+1,988.40 = 12,584.65; total 46,208.74.
    assert amount(a, "total_balance") == d("46208.74")
    # Full-pay screen: equity without allowances 2,365 + 5,840 + 7,840 = 16,045; months to the
    # latest CSED 2026-11-02 -> 2032-05-30 = 66; 154 x 66 = 10,164; 26,209 < 46,208.74: cannot full pay.
    assert amount(a, "oic.full_pay.box_a") == 16045
    assert amount(a, "ia.months_to_csed") == 66
    assert amount(a, "oic.full_pay.collectible") == 26209
    assert a.option("oic_lump_sum").eligible  # type: ignore[union-attr]
    # Payment to clear each period by its CSED: max(16,562.22/48, 33,624.09/55, 46,208.74/66)
    # = 700.1324... -> 700.14 (up to the cent); 154 < 700.14, so a streamlined agreement does not fit.
    assert amount(a, "ia.streamlined.minimum_payment") == d("700.14")
    assert "oic_lump_sum" in a.recommendation
    # The requested 13,500 is at least the 13,443 minimum: no OIC-012.
    assert "OIC-012" not in {f.code for f in a.warnings}
    # FTA: 2019 (FTF 1,120.50 + FTP 2,467.50) has no penalties in 2016-2018; 2020 and 2021 do not qualify.
    assert amount(a, "abatement.fta.1040.2019.failure_to_file") == d("1120.50")
    assert amount(a, "abatement.fta.total") == d("3588.00")
    assert amount(a, "abatement.reasonable_cause.total") == d("2810.00") + d("1946.25")


def test_oic_periodic_joint_self_employed_maricopa() -> None:
    a = run("oic-periodic-joint-self-employed")  # as of 2026-11-09; joint, household of 4
    # Section 6: 9,500 - (1,900+300+120+650+280+350 = 3,600) = 5,900; depreciation 400 left out.
    assert amount(a, "oic.line_17") == 9500
    assert amount(a, "oic.line_29") == 3600
    assert amount(a, "oic.box_c") == 5900
    assert amount(a, "oic.line_36") == 5900  # the self-employment income item (5,900) is not added again
    # Spouse wages 1,240 biweekly x 2.17 = 2,690.80 -> line 31 = 2,691. Box D = 2,691 + 5,900 = 8,591.
    assert amount(a, "oic.line_31") == 2691
    assert amount(a, "oic.box_d") == 8591
    # Expenses: 39 four persons 2,176; 40 min(2,450, Maricopa 4 persons 2,706) = 2,450;
    # 41 F-150 min(485, 703) = 485 (the Odyssey has no payment); 42 two vehicles allowed (joint):
    # min(620, Phoenix 2 cars 696) = 620; 44 610; 45 4 x 90 = 360; 47 400; 48 45; 49 805.39 -> 805;
    # 50 required retirement 92.49 x 2.17 = 200.70 -> 201.
    # Box E = 2,176+2,450+485+620+0+610+360+0+400+45+805+201+0 = 8,152; RMI = 8,591 - 8,152 = 439.
    expected = {"39": 2176, "40": 2450, "41": 485, "42": 620, "43": 0, "44": 610, "45": 360,
                "47": 400, "48": 45, "49": 805, "50": 201}
    for line, value in expected.items():
        assert amount(a, f"oic.line_{line}") == value, line
    assert amount(a, "oic.box_e") == 8152
    assert amount(a, "rmi") == 439
    # Section 3: line 1 = 150 + 2,450 + 600 - 1,000 = 2,200 (the business account is line 8);
    # line 3 = 14,000 x .8 = 11,200; 6a F-150 24,000 x .8 - 18,000 = 1,200, 6b = 0;
    # 6c Odyssey 6,500 x .8 = 5,200, 6d (joint) = 1,750; line 7 = max(0, 3,200 - 11,710) = 0.
    # Box A = 2,200 + 11,200 + 1,750 = 15,150.
    assert amount(a, "oic.line_1") == 2200
    assert amount(a, "oic.line_6b") == 0
    assert amount(a, "oic.line_6d") == 1750
    assert amount(a, "oic.box_a") == 15150
    # Section 5: line 8 = 2,100; 9a equipment used in production of income = 0; line 10 5,860; 11 = 0.
    assert amount(a, "oic.line_8") == 2100
    assert amount(a, "oic.line_9a") == 0
    assert amount(a, "oic.line_10") == 5860
    assert amount(a, "oic.box_b") == 2100
    # Box G = 439 x 12 = 5,268; Box H = 439 x 24 = 10,536.
    assert amount(a, "oic.minimum_offer.lump_sum") == 15150 + 2100 + 5268 == 22518
    assert amount(a, "oic.minimum_offer.periodic") == 15150 + 2100 + 10536 == 27786
    # 20% of 22,518 = 4,503.60; periodic 27,786 / 24 = 1,157.75 exactly, so the final payment in
    # month 24 is 27,786 - 23 x 1,157.75 = 1,157.75 too.
    assert amount(a, "oic.initial_payment.lump_sum") == d("4503.60")
    assert amount(a, "oic.periodic.monthly_payment") == d("1157.75")
    assert amount(a, "oic.periodic.final_payment") == d("1157.75")
    # Balance 26,228.05 + 27,659.54 + 17,683.11 = 71,570.70. Full pay: (3,200 + 11,200 + 6,400) +
    # 2,100 + 439 x 90 months = 62,410 < 71,570.70, so the offer is possible.
    assert amount(a, "total_balance") == d("71570.70")
    assert amount(a, "oic.full_pay.collectible") == 62410
    # CSED payment: max(26,228.05/67, 53,887.59/78, 71,570.70/90) = 795.23 exactly > 439.
    assert amount(a, "ia.non_streamlined.minimum_payment") == d("795.23")
    assert a.recommendation[:3] == ("oic_lump_sum", "oic_periodic", "ia_partial_payment")
    # The requested periodic offer of 27,792 (24 x 1,158) is at least the 27,786 minimum.
    assert "OIC-012" not in {f.code for f in a.warnings}


def test_ia_streamlined_cook_county() -> None:
    a = run("ia-streamlined")  # as of 2026-11-16; single, household of 1
    # 1,385 weekly x 4.3 = 5,955.50 -> 5,956 (halves up).
    assert amount(a, "income.monthly.item[0].gross") == d("5955.50")
    assert amount(a, "oic.box_d") == 5956
    # 867 + min(1,900, Cook 2,299) + min(389, 703) + min(290, Chicago 1 car 334) + 0 + 191.05 -> 191
    # + 90 + 1,308.43 -> 1,308 = 5,035; RMI = 921.
    assert amount(a, "oic.box_e") == 5035
    assert amount(a, "rmi") == 921
    # Balance 11,424.30 + 9,575.95 = 21,000.25; streamlined: 21,000.25 / 72 = 291.6701... -> 291.68.
    assert amount(a, "total_balance") == d("21000.25")
    assert amount(a, "ia.streamlined.minimum_payment") == d("291.68")
    # Form 9465 line 10: 21,000.25 / 72.0 = 291.6701... -> 291.68 (rounded up to the cent).
    assert amount(a, "f9465.line_10") == d("291.68")
    # Guaranteed: tax 9,450 + 8,620 = 18,070 > 10,000: not eligible.
    assert not a.option("ia_guaranteed").eligible  # type: ignore[union-attr]
    # User fee: by mail with direct debit = 107 (Instructions for Form 9465 Rev. 7-2024 fee table).
    assert amount(a, "ia.user_fee") == 107
    assert a.recommendation[0] == "ia_streamlined"
    # FTA 2023 FTP 850.50 (no penalties in 2020-2022); 2024 FTP needs reasonable cause.
    assert amount(a, "abatement.fta.total") == d("850.50")
    assert amount(a, "abatement.reasonable_cause.total") == d("344.80")


def test_cnc_hardship_philadelphia() -> None:
    a = run("cnc-hardship")  # as of 2026-10-19; widow, 71, household of 1, no vehicle
    # Income 1,850 + 400 = 2,250. Expenses: 867 + min(1,280, Philadelphia 1,724) + public transportation
    # standard 220 in full (no vehicle) + 184.90 -> 185 + 65-and-older 163 = 2,715.
    assert amount(a, "oic.box_d") == 2250
    assert amount(a, "oic.line_43") == 220
    assert amount(a, "oic.line_45") == 163
    assert amount(a, "oic.box_e") == 2715
    assert amount(a, "rmi") == 0
    assert amount(a, "expenses.monthly_shortfall") == 465
    # Line 1: 40 + 385 - 1,000 -> 0; line 7: 1,500 x .8 = 1,200 - 11,710 -> 0. Box A = 0.
    assert amount(a, "oic.box_a") == 0
    assert a.option("cnc").eligible  # type: ignore[union-attr]
    assert a.recommendation[0] == "cnc"
    # Low income: AGI 7,200 <= 37,650 (household of 1): no fee, no initial payment.
    assert amount(a, "oic.application_fee") == 0
    assert amount(a, "oic.initial_payment.lump_sum") == 0
    assert amount(a, "total_balance") == d("10783.60") + d("4137.55")
    # Box A 0 + Box G 0 x 12 = 0: an offer must still be more than $0 (Form 656 Section 4).
    assert amount(a, "oic.minimum_offer.lump_sum") == 0
    assert any("needs an offer of more than $0" in r for r in a.option("oic_lump_sum").reasons)  # type: ignore[union-attr]


def test_fta_penalty_abatement_allegheny() -> None:
    a = run("fta-penalty-abatement")  # as of 2026-11-18; household of 2 (son 16), no vehicle
    # Penalties paid on 2025-12-01 and claimed for refund: nothing is owed.
    assert amount(a, "total_balance") == 0
    assert not [o for o in a.options if o.kind == "collection"]
    # FTA for 2024: no penalties in 2021-2023, returns filed, balance paid: FTF 1,485 + FTP 396.
    assert amount(a, "abatement.fta.1040.2024.failure_to_file") == 1485
    assert amount(a, "abatement.fta.1040.2024.failure_to_pay") == 396
    assert amount(a, "abatement.fta.total") == 1881
    assert a.recommendation == ("fta",)
    # 4,550 biweekly x 2.17 = 9,873.50 -> 9,874; 2 persons 1,558 + public transportation 220 +
    # 2 x 90 = 1,958; RMI = 7,916.
    assert amount(a, "oic.box_d") == 9874
    assert amount(a, "oic.box_e") == 1958
    assert amount(a, "rmi") == 7916
