"""Stock and the item list from the command line, end to end."""

from __future__ import annotations

from pathlib import Path

from station_app.cli import main
from station_app.cli.exit_codes import EXIT_OK, EXIT_REFUSED


def test_items_import_receive_issue_list_and_export(tmp_path: Path, capsys, clock) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    items = tmp_path / "items.csv"
    items.write_text(
        "name,category,unit,barcode,min_stock,target_stock,lendable\n"
        "饮用水,drinks,瓶,6901,10,48,0\n"
        "雨伞,rain_gear,把,,2,10,1\n",
        encoding="utf-8",
    )
    assert main([*data, "items", "import", str(items)], clock=clock) == EXIT_OK
    assert "2" in capsys.readouterr().out

    assert (
        main([*data, "stock", "receive", "6901", "24", "--expires", "2027-06-01"], clock=clock)
        == EXIT_OK
    )
    assert (
        main([*data, "stock", "receive", "饮用水", "6", "--donor", "爱心企业"], clock=clock)
        == EXIT_OK
    )
    assert main([*data, "stock", "issue", "1", "20"], clock=clock) == EXIT_OK
    assert "10" in capsys.readouterr().out.splitlines()[-1]

    # Issuing more than the stock is refused with the reason, exit 1
    assert main([*data, "stock", "issue", "饮用水", "11"], clock=clock) == EXIT_REFUSED
    assert "盘点" in capsys.readouterr().err
    assert main([*data, "stock", "issue", "热水壶", "1"], clock=clock) == EXIT_REFUSED
    assert "热水壶" in capsys.readouterr().err

    assert main([*data, "stock", "list"], clock=clock) == EXIT_OK
    listing = capsys.readouterr().out
    assert "饮用水" in listing and "10 瓶" in listing and "雨伞" in listing

    exported = tmp_path / "out.csv"
    assert main([*data, "items", "export", str(exported)], clock=clock) == EXIT_OK
    text = exported.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("id,name,category")
    assert "饮用水,drinks,瓶,6901,10,48,0,0,1,10" in text


def test_a_bad_item_file_is_refused_with_line_numbers(tmp_path: Path, capsys, clock) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,category,unit\n饮用水,drinks,瓶\n扳手,spanners,把\n", encoding="utf-8")
    assert main([*data, "items", "import", str(bad)], clock=clock) == EXIT_REFUSED
    assert "第 3 行" in capsys.readouterr().err
    assert main([*data, "stock", "list"], clock=clock) == EXIT_OK
    assert "饮用水" not in capsys.readouterr().out


def test_stock_help_is_translated(tmp_path: Path, capsys, clock) -> None:
    import pytest

    with pytest.raises(SystemExit):
        main(["--data-dir", str(tmp_path), "stock", "receive", "--help"], clock=clock)
    assert "捐赠" in capsys.readouterr().out
