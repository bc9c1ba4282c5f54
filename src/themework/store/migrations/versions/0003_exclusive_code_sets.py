"""a code can make its children one set of mutually exclusive categories

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

``exclusive: true`` on a parent code in a codebook: agreement over its children is then the
multi-category statistic (Cohen's kappa, Fleiss' kappa, Krippendorff's nominal alpha).
Existing codes are not exclusive.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("code") as batch:
        batch.add_column(
            sa.Column("exclusive", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("code") as batch:
        batch.drop_column("exclusive")
