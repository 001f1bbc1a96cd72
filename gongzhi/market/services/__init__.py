"""Every write in the market is one of these services (STYLE: services for writes)."""

from gongzhi.market.services.deals import (
    DemandInput,
    contact_record,
    deal_record,
    demand_close,
    demand_create,
)
from gongzhi.market.services.listings import (
    ListingInput,
    enterprise_upsert,
    listing_create,
    listing_photo_add,
    listing_submit,
    listing_update,
    listing_verify,
    listing_withdraw,
)

__all__ = [
    "DemandInput",
    "ListingInput",
    "contact_record",
    "deal_record",
    "demand_close",
    "demand_create",
    "enterprise_upsert",
    "listing_create",
    "listing_photo_add",
    "listing_submit",
    "listing_update",
    "listing_verify",
    "listing_withdraw",
]
