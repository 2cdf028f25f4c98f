import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from rescuedesk.errors import ValidationError
from rescuedesk.models.enums import Sex
from rescuedesk.reference import divisions
from rescuedesk.services.people.identity import make_id_number, normalize_id_number, parse_id_number

TODAY = dt.date(2026, 11, 25)

valid_numbers = st.builds(
    make_id_number,
    st.sampled_from(divisions.county_codes()),
    st.dates(min_value=dt.date(1920, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=499),
    st.sampled_from([Sex.MALE, Sex.FEMALE]),
)


def test_known_number_decodes_birth_date_sex_and_place() -> None:
    info = parse_id_number("11010519491231002X", today=TODAY)
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == Sex.FEMALE
    assert info.place_code == "110105"
    assert info.place_known


def test_full_width_and_lower_case_are_normalised() -> None:
    assert normalize_id_number("１１０１０５ １９４９１２３１ ００２ｘ") == "11010519491231002X"
    assert parse_id_number("11010519491231002x", today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "最后一位"),
        ("11010519491231003X", "校验位"),
        ("11010519490230002" + ric.calc_check_digit("110105194902300020"), "出生日期"),
        ("1101A5194912310026", "前17位"),
    ],
)
def test_bad_numbers_say_what_is_wrong(raw: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        parse_id_number(raw, today=TODAY)
    assert err.value.field == "id_number"


def test_unknown_place_is_a_warning_not_an_error() -> None:
    number = make_id_number("990101", dt.date(1990, 1, 1), 3, Sex.MALE)
    info = parse_id_number(number, today=TODAY)
    assert not info.place_known


def test_birth_date_in_the_future_is_refused() -> None:
    number = make_id_number("110105", dt.date(2027, 1, 1), 3, Sex.MALE)
    with pytest.raises(ValidationError, match="不合理"):
        parse_id_number(number, today=TODAY)


@given(valid_numbers)
def test_generated_numbers_are_valid(number: str) -> None:
    assert parse_id_number(number, today=TODAY).number == number


@given(valid_numbers, st.integers(min_value=0, max_value=17), st.integers(1, 10))
def test_changing_any_single_character_makes_it_invalid(number: str, pos: int, shift: int) -> None:
    alphabet = "0123456789X" if pos == 17 else "0123456789"
    old = number[pos]
    new = alphabet[(alphabet.index(old) + shift) % len(alphabet)]
    if new == old:
        return
    changed = number[:pos] + new + number[pos + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(changed, today=TODAY)


@given(st.text(max_size=40))
def test_random_text_raises_only_the_validation_error(text: str) -> None:
    try:
        parse_id_number(text, today=TODAY)
    except ValidationError as exc:
        assert exc.field == "id_number"
