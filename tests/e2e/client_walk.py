"""The booking flow through a client generated from /openapi.json (openapi-python-client).

Every call goes through the generated functions, and every answer must parse into the type
the document declares for its status; an undeclared status raises. Arguments: base URL,
a guest's bearer token, a date (YYYY-MM-DD) inside the booking horizon.
"""

import datetime
import sys

from ourspace_client import AuthenticatedClient, Client
from ourspace_client.api.orders import cancel_order, list_my_orders, pay_order, place_order
from ourspace_client.api.spaces import get_availability, get_space, list_spaces
from ourspace_client.models import (
    AvailabilityDto,
    BookerInput,
    OrderDto,
    OrderInput,
    OrderPageDto,
    PageDtoSpaceListItem,
    Problem,
    SpaceDetailDto,
)

base, token, day = sys.argv[1], sys.argv[2], datetime.date.fromisoformat(sys.argv[3])
anonymous = Client(base_url=base, raise_on_unexpected_status=True)
guest = AuthenticatedClient(base_url=base, token=token, raise_on_unexpected_status=True)


def answer(response, status, kind):
    assert response.status_code == status, (response.status_code, response.content)
    assert isinstance(response.parsed, kind), (type(response.parsed), response.content)
    return response.parsed


page = answer(list_spaces.sync_detailed(client=anonymous, category="1", date=day), 200, PageDtoSpaceListItem)
assert page.items, "spaces free on the date"
detail = None
for item in page.items:
    candidate = answer(get_space.sync_detailed(item.id, client=anonymous), 200, SpaceDetailDto)
    if candidate.booking_mode == "instant" and candidate.options:
        detail = candidate
        break
assert detail is not None, "an instant space with packages"
free = answer(get_availability.sync_detailed(detail.id, client=anonymous, date=day), 200, AvailabilityDto)
package = next(o for o in free.options if o.available)

booker = BookerInput(name="김철수", phone="01012345678", email="kim@example.com")
body = OrderInput(space_id=detail.id, date=day, guests=detail.min_guests, booker=booker, option_id=package.id)
order = answer(place_order.sync_detailed(client=guest, body=body), 201, OrderDto)
assert order.status == "pending", order.status
taken = answer(place_order.sync_detailed(client=guest, body=body), 409, Problem)
assert taken.code == "slot_taken", taken.code

paid = answer(pay_order.sync_detailed(order.id, client=guest), 200, OrderDto)
assert paid.status == "confirmed", paid.status
mine = answer(list_my_orders.sync_detailed(client=guest), 200, OrderPageDto)
listed = next(o for o in mine.items if o.id == order.id)
assert listed.is_expired is False
cancelled = answer(cancel_order.sync_detailed(order.id, client=guest), 200, OrderDto)
assert cancelled.status == "cancelled", cancelled.status
print("walked: list, detail, availability, place, conflict, pay, my orders, cancel")
