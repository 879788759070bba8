"""Unmatched paths become bounded route templates, as in the Java producers."""

from __future__ import annotations

from eventpipe import RouteTemplates
from eventpipe.routes import OTHER


def test_id_like_segments_are_replaced() -> None:
    r = RouteTemplates()
    assert r.template("/users/123/orders?page=2") == "/users/{id}/orders"
    assert r.template("/files/0b7e8f3c-94a1-4c1e-9e0d-2a6c1f2b7d11") == "/files/{uuid}"
    assert r.template("/blobs/deadbeefdeadbeefdeadbeef") == "/blobs/{token}"
    assert r.template("/s/abcDEF123ghiJKL456mnoP") == "/s/{token}"
    assert r.template("/") == "/"


def test_templates_beyond_the_cap_collapse_into_other() -> None:
    r = RouteTemplates(max_derived=2)
    assert [r.template(p) for p in ("/a", "/b", "/c", "/a/1", "/b")] == ["/a", "/b", OTHER, OTHER, "/b"]
