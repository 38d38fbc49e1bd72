"""Order numbers, emails and postal codes found wherever customers put them (rasa_components/
order_details.py): the cases issue 16's customers wrote, labels, spacing, and what is not one."""

import pytest

from rasa_components.order_details import find_details, first, mentions_an_address


def found(text: str) -> list[tuple[str, str, bool]]:
    return [(d.entity, d.value, d.labelled) for d in find_details(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Order number: 100330 postcode 76018",
            [("order_number", "100330", True), ("postal_code", "76018", True)],
        ),
        (
            "#100330 my email is Alan.Turing@Example.com",
            [("order_number", "100330", True), ("email", "alan.turing@example.com", True)],
        ),
        ("100 042 / 34710", [("order_number", "100042", False), ("postal_code", "34710", False)]),
        (
            "ZIP 06420, order no 104210",
            [("postal_code", "06420", True), ("order_number", "104210", True)],
        ),
        (
            "ORDER NO. 100-042, zip: 34710",
            [("order_number", "100042", True), ("postal_code", "34710", True)],
        ),
        (
            "it's 100330 and my zip is 76018",
            [("order_number", "100330", False), ("postal_code", "76018", True)],
        ),
        (
            "order 100042, sw1a 1aa",
            [("order_number", "100042", True), ("postal_code", "SW1A1AA", False)],
        ),
        (
            "sipariş no 100042 posta kodum 34710",
            [("order_number", "100042", True), ("postal_code", "34710", True)],
        ),
        ("siparis numaram 100042", [("order_number", "100042", True)]),
        ("sorry wrong number, it's 100331", [("order_number", "100331", True)]),
        ("my postcode is 100330", [("postal_code", "100330", True)]),
        ("postal code 12345-6789", [("postal_code", "12345-6789", True)]),
        # Typed in a hurry, the number glued to its label.
        (
            "hi order100235 emre.135@example.com",
            [("order_number", "100235", True), ("email", "emre.135@example.com", True)],
        ),
        (
            "siparis100042 pk 34710",
            [("order_number", "100042", True), ("postal_code", "34710", True)],
        ),
    ],
)
def test_details_are_found_with_and_without_labels(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "where is my rtx 4070 12gb",
        "m2 2tb ssd",
        "i9-14900k and a 7800x3d",
        "I paid 15000 TL",
        "it costs $12999",
        "call me on 0532 123 45 67",
        "order1000420",
        "",
    ],
)
def test_product_numbers_prices_and_phone_numbers_are_not_details(text: str) -> None:
    assert found(text) == []


def test_digits_of_an_email_are_never_an_order_number() -> None:
    assert found("100042@example.com") == [("email", "100042@example.com", True)]


def test_an_address_to_send_something_to_is_not_the_orders() -> None:
    # "can you just email it to accounting@…" after the invoice limit was taken as the proof of
    # the order already verified, and "I couldn't find order 100305" (set AU #11).
    assert found("can you just email it to accounting@burakltd.example then") == []
    assert found("send the invoice to acc@firm.example please") == []
    # (Updates sent to an address are the customer's own: still the proof.)
    assert found("send updates to ada@x.com") == [("email", "ada@x.com", True)]


def test_first_can_ask_for_labelled_details_only() -> None:
    details = find_details("it's 100330, or order 100331")
    assert first(details, "order_number") == "100330"
    assert first(details, "order_number", labelled=True) == "100331"
    assert first(details, "email") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SİPARİŞ NO 100042", [("order_number", "100042", True)]),
        ("siparis no: 100318", [("order_number", "100318", True)]),
        ("sip. no 100042", [("order_number", "100042", True)]),
        ("sparis numarasi 100 044", [("order_number", "100044", True)]),
        ("siparişimin nosu 100042", [("order_number", "100042", True)]),
        ("sipariş no'su 100042", [("order_number", "100042", True)]),
        ("sipariş no’m: 100318", [("order_number", "100318", True)]),
        ("sipariş numaram şu: 104210", [("order_number", "104210", True)]),
        ("numaramız 100042", [("order_number", "100042", True)]),
        ("sipariş numaram 100042'dir", [("order_number", "100042", True)]),
        ("sipariş numaram 100042dir", [("order_number", "100042", True)]),
        ("p.k. 34710", [("postal_code", "34710", True)]),
        ("P.K 100330", [("postal_code", "100330", True)]),
        ("posta kodum ise 34710", [("postal_code", "34710", True)]),
        ("posta kodumuz 34710du", [("postal_code", "34710", True)]),
        (
            "siparişimin numarası 100042, posta kodumuz 06420",
            [("order_number", "100042", True), ("postal_code", "06420", True)],
        ),
        (
            "100042 nolu siparişim, mail adresim Ayse.Yilmaz@example.com.tr",
            [("order_number", "100042", False), ("email", "ayse.yilmaz@example.com.tr", True)],
        ),
        (
            "e-posta: burak@example.com ve posta kodu 35220",
            [("email", "burak@example.com", True), ("postal_code", "35220", True)],
        ),
    ],
)
def test_turkish_labels_and_endings(text: str, expected: list) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    ["rtx 4090ti stokta mı", "4070ti super var mı", "telefon numaram 0532 123 45 67", "15000tl"],
)
def test_turkish_endings_do_not_make_model_numbers_or_phones_details(text: str) -> None:
    assert found(text) == []


def test_five_digits_labelled_as_the_order_are_a_mistyped_number_not_a_postal_code() -> None:
    assert find_details("status of order 10045 pls") == []
    assert [d.entity for d in find_details("order 10045 postcode 16110")] == ["postal_code"]


def test_an_order_label_after_the_order_number_is_that_number_s() -> None:
    # "100215 nolu sipariş": the order numbered 100215; the five digits after are its code.
    details = find_details("Selam, 100215 nolu siparis 47176")
    assert [(d.entity, d.value) for d in details] == [
        ("order_number", "100215"),
        ("postal_code", "47176"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "new address is kadikoy, moda cad. no 12, 34710",
        "please ship it to bagdat caddesi 45, 34728 istanbul",
        "yeni adresim: atatürk mah. 5. sokak no 3, 06510",
    ],
)
def test_a_street_address_is_recognised(text: str) -> None:
    assert mentions_an_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "postcode 34710",
        "order 100042, zip 34710",
        "34710",
        "my email address is a@b.co, 34710",
        "mail adresim yok ama posta kodum 34710",
    ],
)
def test_a_postal_code_alone_is_not_an_address(text: str) -> None:
    assert not mentions_an_address(text)


def test_a_postal_code_right_after_its_order_number_stays_beside_an_address() -> None:
    # "hey, 100120 / 70588. … can you also change the delivery address for the monitor": the
    # postal code was dropped as a new address's, and the lookup asked for it again (set AQ).
    from rasa_components.order_details import follows_its_number

    text = "hey, 100120 / 70588. can you change the delivery address to my office"
    details = find_details(text)
    assert follows_its_number(text, details, 1)
    later = "order 100120, my new address is kadikoy, moda cad. no 12, 34710"
    assert not follows_its_number(later, find_details(later), 1)
