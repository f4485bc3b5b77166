"""Which addresses :mod:`cleaner.fetch` may connect to, and the httpx/httpcore network backend that enforces it.

The check runs where the connection is made: the host name is resolved once, every address it has is checked, and
the socket is opened to the checked address. A redirect, a retry and a keep-alive connection all pass through it,
so no hop and no DNS answer that changes between a check and a connection (DNS rebinding) gets around it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from typing import Any

from .errors import FetchError

__all__ = ["METADATA_ADDRESSES", "CheckedBackend", "address_refusal"]


#: Cloud metadata services (AWS, GCP, Azure, Oracle and OpenStack at 169.254.169.254; AWS ECS task metadata;
#: AWS over IPv6; Alibaba): refused even with ``allow_private``. The link-local ones are refused as link-local
#: anyway; listed so that the reason names them.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200")
)


def address_refusal(address: str, *, allow_private: bool = False) -> str | None:
    """Why a connection to the IP ``address`` is refused, or None when it is allowed. Always refused: cloud
    metadata, link-local (169.254/16, fe80::/10), multicast, unspecified (0.0.0.0, ::), reserved and other
    non-global addresses. Refused unless ``allow_private``: loopback, private (10/8, 172.16/12, 192.168/16,
    fc00::/7) and shared (100.64/10) addresses. An IPv4-mapped IPv6 address is judged as its IPv4 address.

    >>> address_refusal("169.254.169.254", allow_private=True)
    'a cloud metadata address'
    >>> address_refusal("127.0.0.1") , address_refusal("127.0.0.1", allow_private=True)
    ('a loopback address', None)
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # a zone ("fe80::1%eth0") is not part of the address
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"  # 0.0.0.0 reaches the local machine
    if ip.is_loopback:  # before "reserved": ipaddress counts ::1 (in ::/8) as both
        return None if allow_private else "a loopback address"
    if ip.is_reserved:  # before "private": ipaddress counts 240.0.0.0/4 as both
        return "a reserved address"
    if ip.is_private or ip in _SHARED:
        return None if allow_private else "a private address"
    if not ip.is_global:
        return "a reserved address"
    return None


_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: not global, not "private" to ipaddress


def _blocked(host: str, address: str, reason: str) -> FetchError:
    where = host if host == address else f"{host} ({address})"
    return FetchError(f"refused to connect to {where}: {reason}", reason="blocked_address")


class CheckedBackend:
    """httpcore's network backend with the address check: the host is resolved here, every address it has is
    checked, and the connection is made to the first one, so what was checked is what is connected to."""

    def __init__(self, inner: Any, allow_private: bool) -> None:
        self._inner = inner
        self._allow_private = allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> Any:
        import httpcore

        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        for address in addresses:  # one bad address refuses the host: a round-robin answer must not pass by luck
            reason = address_refusal(address, allow_private=self._allow_private)
            if reason is not None:
                raise _blocked(host, address, reason)
        return await self._inner.connect_tcp(
            addresses[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> Any:
        raise FetchError("unix sockets are not fetched from", reason="blocked_address")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
