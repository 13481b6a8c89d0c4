from narrascope.entities import registry, registry_files
from narrascope.entities.registry_files import read_entities, registry_yaml


def test_the_old_import_path_gives_the_same_objects():
    for name in ("DEFAULT_PATH", "Entity", "Title", "TYPES", "FIELDS", "CSV_FIELDS", "TITLE_FIELDS"):
        assert getattr(registry, name) is getattr(registry_files, name)


def test_a_user_csv_extends_the_shipped_entities_and_round_trips_as_yaml(tmp_path):
    user = tmp_path / "mine.csv"
    user.write_text("id,name,type,country,aliases\n"
                    "kz-tokayev,Kassym-Jomart Tokayev,PER,KZ,Тоқаев Қасым-Жомарт\n"
                    "kz-aktau-port,Port of Aktau,ORG,KZ,Aktau Sea Port;Актауский порт\n", encoding="utf-8")
    entities = {e.id: e for e in read_entities(user)}
    assert "Тоқаев Қасым-Жомарт" in entities["kz-tokayev"].aliases
    assert entities["kz-aktau-port"].aliases == ("Aktau Sea Port", "Актауский порт")
    again = tmp_path / "again.yaml"
    again.write_text(registry_yaml(entities.values(), header="round trip"), encoding="utf-8")
    assert again.read_text(encoding="utf-8").startswith("# round trip\n")
    assert {e.id: e for e in read_entities(again, default=False)} == entities
