"""The small input types several requests share: money, aliases, links, addresses, payments.

Fields are those the reference names (§3.1, §3.5, §3.6, §3.9, §3.10). Where a list of fields was
cut off (GAP), a field beyond it is an ``UnknownInputField`` the merchant can downgrade.
"""

from orderguard.api._base import InputModel
from orderguard.api._scalars import (
    CurrencyCode,
    InputAmount,
    InputId,
    InputString,
    NonEmptyId,
    NonEmptyString,
    RefundAmount,
)
from orderguard.enums import OrderLinkDestination, PaymentState


class MoneyInput(InputModel):
    """``MoneyInput``: an amount in a currency."""

    graphql_type = "MoneyInput"

    amount: InputAmount
    currency_code: CurrencyCode


class RefundMoneyInput(MoneyInput):
    """A refund's ``totalAmount``: money above zero.

    GAP: the reference gives its fields (``{amount, currencyCode}``, §3.9), not its type's name;
    a type of its own, so the running total can be required above zero (``REFUND_AMOUNT``).
    """

    graphql_type = "RefundMoneyInput"

    amount: RefundAmount


class AliasInput(InputModel):
    """``AliasInput``: a merchant ID, unique per store by (type, id)."""

    graphql_type = "AliasInput"

    alias_type: NonEmptyString
    alias_id: NonEmptyId

    @property
    def pair(self) -> tuple[str, str]:
        """The (aliasType, aliasId) pair the API keys uniqueness on."""
        return (self.alias_type, self.alias_id)


class OrderLinkInput(InputModel):
    """``OrderLinkInput``: where the shopper or merchant manages the order."""

    graphql_type = "OrderLinkInput"

    destination_type: OrderLinkDestination
    url: InputString
    display_message: InputString | None = None


class Address(InputModel):
    """``AddressInput``: all fields optional here; the address rule reports what is missing.

    GAP: the type's definition was not captured; these are the fields of the examples plus
    ``extendedAddress`` (a field of every address the API prints).
    """

    graphql_type = "AddressInput"

    name: InputString | None = None
    street_address: InputString | None = None
    extended_address: InputString | None = None
    locality: InputString | None = None
    region: InputString | None = None
    country_code: InputString | None = None
    postal_code: InputString | None = None
    contact_number: InputString | None = None


class Recipient(InputModel):
    """``RecipientInput``: who receives the parcel."""

    graphql_type = "RecipientInput"

    delivery_address: Address | None = None


class EmailData(InputModel):
    """``EmailDataInput``: a contact's name and e-mail address."""

    graphql_type = "EmailDataInput"

    name: InputString | None = None
    email: InputString | None = None


class Contact(InputModel):
    """``ContactInput``."""

    graphql_type = "ContactInput"

    email_data: EmailData | None = None
    phone_number: InputString | None = None


class PayerInput(InputModel):
    """``PayerInput``: who paid (the Amazon-resolved ID with Amazon Pay), §3.10."""

    graphql_type = "PayerInput"

    id: InputId | None = None
    billing_address: Address | None = None
    contact: Contact | None = None


class PaymentMethodInput(InputModel):
    """``paymentMethod``: how it was paid.

    Decided: ``type`` stays a String. The reference lists the values of the *output*
    ``PaymentMethod.type`` (AMAZON_PAY, AMAZON_PAY_EXPRESS, PAYPAL, PAYPAL_EXPRESS, CARD,
    GIFT_CARD, SHOPIFY_PAYMENTS; §4.7) but not the input type (GAP), unlike a payment's
    ``state`` (``PaymentStateInput``, documented as an input enum). Refusing a method the API
    accepts would block a refund report; an unlisted one it refuses costs one ValidationError.
    """

    graphql_type = "PaymentMethodInput"

    display_string: InputString | None = None
    type: InputString | None = None


class PaymentDetailsInput(InputModel):
    """``PaymentDetailsInput``: one payment (§3.9), its ``state`` a ``PaymentStateInput``."""

    graphql_type = "PaymentDetailsInput"

    id: InputId | None = None
    amount: MoneyInput
    payment_method: PaymentMethodInput
    state: PaymentState | None = None
    payer: PayerInput | None = None
    aliases: list[AliasInput] | None = None
    created_at: InputString | None = None
    updated_at: InputString | None = None


class PaymentSummaryInput(InputModel):
    """``PaymentSummaryInput``: payments in one sum (§3.10); ``state`` a ``PaymentStateInput``."""

    graphql_type = "PaymentSummaryInput"

    amount: MoneyInput
    payment_method_display_string: InputString
    state: PaymentState | None = None


class PaymentsInput(InputModel):
    """``PaymentsInput``: order- or line-level payments, as a summary or in detail (§3.1)."""

    graphql_type = "PaymentsInput"

    summary: PaymentSummaryInput | None = None
    details: list[PaymentDetailsInput] | None = None


class TaxSummaryInput(InputModel):
    """``taxes.summary``: the tax collected (§3.1 example)."""

    graphql_type = "TaxSummaryInput"

    collectable_tax_amount: MoneyInput | None = None


class TaxesInput(InputModel):
    """``taxes``: ``{summary {collectableTaxAmount}}`` (GAP: other fields not captured)."""

    graphql_type = "TaxesInput"

    summary: TaxSummaryInput | None = None


class TotalPriceInput(InputModel):
    """``totalPrice``: ``{value {amount currencyCode}}`` (§3.1 example)."""

    graphql_type = "TotalPriceInput"

    value: MoneyInput | None = None
