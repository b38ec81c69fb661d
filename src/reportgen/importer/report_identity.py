"""The agency's identity from the preamble: website, e-mail, phone, postcode, address, contact."""

from __future__ import annotations

import re

from .imported import Paragraph
from .report_headings import SENTENCE_MARK

_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?:联系|咨询)?电话\s*[:：]?\s*((?:\d{3,4}[-－—]?)?\d{7,8}(?:[-－—]\d{1,4})?)")
_POSTCODE = re.compile(r"(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})")
_ADDRESS = re.compile(r"(?:通信|通讯|联系)?地址\s*[:：]\s*([^;；,，)）(（\n]+)")
_CONTACT = re.compile(r"请(?:与|联系)(.+?)(?:联系|咨询)")


def identity(paragraphs: list[Paragraph], agency: str) -> dict[str, str]:
    text = "\n".join(paragraph.text for paragraph in paragraphs)
    found: dict[str, str] = {}
    if match := _URL.search(text):
        found["网站"] = match.group(0).rstrip(".,;)")
    if match := _CONTACT.search(text):
        department = re.sub(r"\s+", "", match.group(1))
        department = department.removeprefix(agency) or department
        if 2 <= len(department) <= 20 and not SENTENCE_MARK.search(department):
            found["联系部门"] = department
    if match := _ADDRESS.search(text):
        found["地址"] = match.group(1).strip()
    if match := _PHONE.search(text):
        found["联系电话"] = match.group(1)
    if match := _EMAIL.search(text):
        found["电子邮箱"] = match.group(0)
    if match := _POSTCODE.search(text):
        found["邮政编码"] = match.group(1)
    return found
