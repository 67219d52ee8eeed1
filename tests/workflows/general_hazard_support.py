"""An enterprise of the general-hazard tests' own (no other test declares for it) and its user."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from db import models
from db.seed import credit_code


def own_enterprise(sessions: sessionmaker[Session], name: str, serial: int, username: str) -> int:
    """A 麒麟区 enterprise with an enterprise user `username` (once per test database); its id."""
    with sessions() as db:
        code = credit_code("530302", serial)
        enterprise = db.scalars(select(models.Enterprise).where(models.Enterprise.credit_code == code)).first()
        if enterprise is None:
            enterprise = models.Enterprise(
                name=name, credit_code=code, industry="机械制造", size="小型", jurisdiction_code="530302"
            )
            db.add(enterprise)
            db.flush()
        if db.scalar(select(models.User.id).where(models.User.username == username)) is None:
            bureau = db.scalars(select(models.User).where(models.User.username == "ql.handler")).one()
            db.add(
                models.User(
                    username=username,
                    display_name=f"{name}（企业用户）",
                    password_hash=bureau.password_hash,
                    org_id=bureau.org_id,
                    role="enterprise",
                    enterprise_id=enterprise.id,
                )
            )
        db.commit()
        return enterprise.id
