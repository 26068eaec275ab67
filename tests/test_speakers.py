"""Speakers as printed → name, role, honorifics and degrees; one person from many forms; places."""

import pytest

from humas_crawler.extraction.places import (district_words, districts_around, districts_of, find_places, gazetteer,
                                             province_of)
from humas_crawler.extraction.speakers import (Person, join_people, named_in, organisation_of, parse_speaker, said_in,
                                               same_person)


@pytest.mark.parametrize("printed,name,role", [
    ("Kepala Diskominfo Kaltim Muhammad Faisal", "Muhammad Faisal", "Kepala Diskominfo Kaltim"),
    ("Kepala Diskominfo Kaltim, Muhammad Faisal", "Muhammad Faisal", "Kepala Diskominfo Kaltim"),
    ("Karo Humas NTT, Semuel Pakereng", "Semuel Pakereng", "Karo Humas NTT"),
    ("Kadis Kominfo Kaltim M. Faisal", "M. Faisal", "Kadis Kominfo Kaltim"),
    ("Kepala Bagian Kehumasan Imanudin SH MM", "Imanudin", "Kepala Bagian Kehumasan"),
    ("Sekretaris Daerah Provinsi Kaltim, Sri Wahyuni", "Sri Wahyuni", "Sekretaris Daerah Provinsi Kaltim"),
    ("Kasubdit IV Renakta Ditreskrimum Polda Lampung, AKBP Ferdiyan Fahmi", "Ferdiyan Fahmi",
     "Kasubdit IV Renakta Ditreskrimum Polda Lampung AKBP"),
    ("Pranata Humas Ahli Madya Santhy Verawaty Elfrida, S.Sos., M.Ikom", "Santhy Verawaty Elfrida",
     "Pranata Humas Ahli Madya"),
    ("Faisal", "Faisal", ""),
    ("seorang sumber", "", "seorang sumber"),
    ("Kepala Desa Tanjung Limau", "", "Kepala Desa Tanjung Limau"),  # a village head, not named
    ("Kepala Desa Loa Duri, Ahmad", "Ahmad", "Kepala Desa Loa Duri"),
    # a nickname in brackets after the name is neither; an abbreviation after a role stays the role's
    ("Muhammad Buldansyah (Dani)", "Muhammad Buldansyah", ""),
    ("Wakil Presiden Direktur PT Hutchison 3 Indonesia (Tri)", "", "Wakil Presiden Direktur PT Hutchison 3 Indonesia (Tri)"),
])
def test_role_and_name_come_apart(printed, name, role):
    speaker = parse_speaker(printed)
    assert (speaker.name, speaker.role) == (name, role)


@pytest.mark.parametrize("printed,honorifics,degrees", [
    ("Asisten Administrasi Umum Setdaprov Kaltim Dr Meiliana", ("Dr",), ()),
    ("Praktisi Komunikasi Dr. Emilia Bassar, M.Si., IAPR", ("Dr.",), ("M.Si.", "IAPR")),
    ("Hj. Sri Wahyuni", ("Hj.",), ()),
])
def test_honorifics_and_degrees_are_kept_apart(printed, honorifics, degrees):
    speaker = parse_speaker(printed)
    assert speaker.honorifics == honorifics and speaker.degrees == degrees
    assert not any(h.strip(".") in speaker.name.split() for h in honorifics)


@pytest.mark.parametrize("a,b,same", [
    ("Faisal", "Muhammad Faisal", True),
    ("M. Faisal", "Muhammad Faisal", True),
    ("Imanudian", "Imanudin", True),
    ("Samsul", "Samsul Arif", True),
    ("Ery", "Ery Mulyadi", True),
    ("Sri Wahyuni", "Muhammad Faisal", False),
    ("Adi", "Ade", False),            # short names: no edit allowed
    ("Lidia Dunga Poety", "Lucius Widodo", False),
])
def test_forms_of_one_name(a, b, same):
    assert same_person(a, b) is same


def test_one_person_collects_every_form_and_role():
    people, assigned = join_people([parse_speaker(p) for p in
                                    ("Kepala Diskominfo Kaltim, Muhammad Faisal", "Faisal", "Ery", "M. Faisal")])
    assert assigned == [0, 0, 1, 0]
    assert people[0].name == "Muhammad Faisal" and people[0].province == "64"
    assert people[0].aliases == ["Muhammad Faisal", "Faisal", "M. Faisal"]


def test_the_gazetteer_has_every_province_regency_and_city():
    kinds = [region.kind for region in gazetteer().values()]
    assert kinds.count("provinsi") == 38 and kinds.count("kabupaten") + kinds.count("kota") == 514


@pytest.mark.parametrize("body,dateline,expected", [
    ("Raker di Kabupaten Paser diikuti Kutim dan PPU.", "SAMARINDA", ["64.72", "64.01", "64.08", "64.09"]),
    ("Karo Humas NTT, Semuel Pakereng, hadir di Kabupaten Karo.", None, ["53", "12.06"]),
    ("Rapat di Kupang dan Kabupaten Kupang.", "Kupang, Poros Nusantara", ["53.71", "53.01"]),
    ("warga paser dan kota samarinda", None, []),  # names count capitalised only
])
def test_places_are_linked_to_kemendagri_codes(body, dateline, expected):
    assert [m.region.code for m in find_places(body, dateline)] == expected


def test_a_role_names_its_province():
    assert province_of("Kepala Diskominfo Staper Kutim").code == "64"
    assert province_of("Direktur PT Astra") is None


@pytest.mark.parametrize("role,organisation", [
    ("Kepala Diskominfo Kaltim", "Diskominfo Kaltim"),
    ("Kadis Kominfo Kaltim", "Diskominfo Kaltim"),
    ("Kepala Dinas Komunikasi dan Informatika Kaltim", "Diskominfo Kaltim"),
    ("Karo Humas dan Protokol Setdaprov Kaltim", "Humas dan Protokol Kaltim"),
    ("Kepala Biro Humas dan Protokol Setprov Kaltim", "Humas dan Protokol Kaltim"),
    ("Kepala Badan Perencanaan Pembangunan Daerah Kaltim", "Bappeda Kaltim"),
    ("Sekretaris Daerah Provinsi Kaltim", "Kaltim"),
    ("Sekda Kaltim", "Kaltim"),
    ("Kabag", ""),
])
def test_a_role_s_organisation_has_one_name(role, organisation):
    """What joining people across articles compares: the organisation, whatever its spelling."""
    assert organisation_of(role) == organisation


def test_an_enumeration_names_each_person_with_the_role_before_it():
    printed = ("Karo Humas NTT, Semuel Pakereng, Kabag Pelmas dan Hubungan Kelembagaan, Lidia Dunga Poety, "
               "Kabag Dokumentasi dan Perpustakaan, Elisabeth Lenggu")
    assert [(s.name, s.role) for s in named_in(printed)] == [
        ("Semuel Pakereng", "Karo Humas NTT"), ("Lidia Dunga Poety", "Kabag Pelmas dan Hubungan Kelembagaan"),
        ("Elisabeth Lenggu", "Kabag Dokumentasi dan Perpustakaan")]
    assert [(s.name, s.role) for s in named_in("Diddy Rusdiansyah, Staff Ahli Gubernur Kaltim")] == [
        ("Diddy Rusdiansyah", "Staff Ahli Gubernur Kaltim")]


@pytest.mark.parametrize("printed,name,role,capacity", [
    ("Adiyat, selaku Ketua Panitia Pelaksana Raker Kehumasan", "Adiyat", "", "Ketua Panitia Pelaksana Raker Kehumasan"),
    ("Kepala Diskominfo Kaltim Muhammad Faisal, sebagai Ketua Harian", "Muhammad Faisal", "Kepala Diskominfo Kaltim",
     "Ketua Harian"),
])
def test_a_role_printed_after_selaku_is_the_person_s_too(printed, name, role, capacity):
    speaker = parse_speaker(printed)
    assert (speaker.name, speaker.role, speaker.capacity) == (name, role, capacity)


@pytest.mark.parametrize("roles,specific", [
    (["Pemateri Kabag", "Kabag Dokumentasi dan Perpustakaan", "Kabag"], ["Kabag Dokumentasi dan Perpustakaan"]),
    (["Karo Humas", "Karo Humas NTT"], ["Karo Humas NTT"]),
    (["Pemateri"], ["Pemateri"]),  # alone it is all that is known
    (["Kepala Bappeda Kaltim", "Ketua Panitia Raker"], ["Kepala Bappeda Kaltim", "Ketua Panitia Raker"]),
])
def test_stray_roles_collapse_into_the_most_specific(roles, specific):
    person = Person(name="Elisabeth Lenggu", roles=roles)
    assert person.specific_roles == specific


# the districts of Kutai Timur (Sangkulirang) and of Kalimantan Timur's regencies and cities (Samarinda Ulu)
KALTIM_DISTRICTS = districts_around([], province_of("Kaltim"))


@pytest.mark.parametrize("printed,name,role", [
    ("Camat Sangkulirang Budi", "Budi", "Camat Sangkulirang"),
    ("Camat Samarinda Ulu Budi Santoso", "Budi Santoso", "Camat Samarinda Ulu"),
    ("Camat Sangkulirang", "", "Camat Sangkulirang"),
    ("Camat Budi Santoso", "Budi Santoso", "Camat"),  # no district named Budi: all name
    ("Camat Cibinong Budi", "Cibinong Budi", "Camat"),  # a district of Jawa Barat, not of this article's regions
])
def test_a_district_between_a_camat_s_title_and_name_is_the_role_s(printed, name, role):
    speaker = parse_speaker(printed, KALTIM_DISTRICTS)
    assert (speaker.name, speaker.role) == (name, role)


@pytest.mark.parametrize("words,length", [
    (["Sangkulirang", "Budi"], 1), (["Samarinda", "Ulu", "Budi"], 2), (["Budi", "Santoso"], 0), (["sangkulirang"], 0),
])
def test_district_names_come_from_the_gazetteer(words, length):
    assert district_words(words, KALTIM_DISTRICTS) == length
    assert "sangkulirang" in districts_of("64.08") and len(districts_of("64.08")) == 18


def test_an_article_s_camat_is_split_with_the_districts_of_the_regions_it_names():
    body = "“Air mulai surut sejak pagi,” kata Camat Sangkulirang Budi Santoso di Kutim."
    assert [(p["name"], p["roles"][0]["role"]) for p in said_in(body)["people"]] == [("Budi Santoso", "Camat Sangkulirang")]
