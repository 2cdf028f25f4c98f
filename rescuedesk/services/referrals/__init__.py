"""Referral letters: templates, issuing, rendering and the replies to them."""
