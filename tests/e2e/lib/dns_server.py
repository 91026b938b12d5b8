#!/usr/bin/env python3
"""An authoritative DNS server on loopback UDP, for the dns probe's tests.

Usage: dns_server.py ZONE.json PORT_FILE

ZONE.json maps names to records: {"www.drill.test.": {"ttl": 300, "A": ["192.0.2.10"],
"AAAA": [...], "CNAME": ["alias.drill.test."], "TXT": ["v=1"], "SRV": ["10 5 443 x.test."]}}.
Other names get NXDOMAIN; names starting with "servfail" get SERVFAIL and names starting
with "silent" get no reply at all. A UDP reply over 512 bytes is cut to its header with the
TC bit, as DNS does, and the same port serves TCP. The chosen port is written to PORT_FILE.
"""
import json
import os
import socket
import struct
import sys
import threading

TYPES = {1: "A", 28: "AAAA", 5: "CNAME", 16: "TXT", 33: "SRV"}


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rdata(kind, value):
    if kind == "A":
        return socket.inet_pton(socket.AF_INET, value)
    if kind == "AAAA":
        return socket.inet_pton(socket.AF_INET6, value)
    if kind == "CNAME":
        return encode_name(value)
    if kind == "TXT":
        data = value.encode()
        return b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255]
                        for i in range(0, max(len(data), 1), 255))
    priority, weight, port, target = value.split()
    return struct.pack("!HHH", int(priority), int(weight), int(port)) + encode_name(target)


def question(packet):
    """The asked name (lower case, with the final dot), its type and the question's end."""
    labels, i = [], 12
    while packet[i]:
        labels.append(packet[i + 1:i + 1 + packet[i]].decode("ascii", "replace"))
        i += 1 + packet[i]
    qtype = struct.unpack("!H", packet[i + 1:i + 3])[0]
    return ".".join(labels).lower() + ".", qtype, i + 5


def reply(packet, zone):
    ident, flags = struct.unpack("!HH", packet[:4])
    name, qtype, end = question(packet)
    if name.startswith("silent"):
        return None
    records = zone.get(name)
    rcode = 2 if name.startswith("servfail") else 0 if records is not None else 3
    answers = []
    if records is not None and qtype in TYPES:
        for value in records.get(TYPES[qtype], []):
            data = rdata(TYPES[qtype], value)
            answers.append(struct.pack("!HHHIH", 0xC00C, qtype, 1, records.get("ttl", 300),
                                       len(data)) + data)
    header = struct.pack("!HHHHHH", ident, 0x8400 | (flags & 0x0100) | rcode, 1,
                         len(answers), 0, 0)
    return header + packet[12:end] + b"".join(answers)


def truncated(answer):
    """The header alone, with TC set and no records: 'ask again over TCP'."""
    ident, flags, qd = struct.unpack("!HHH", answer[:6])
    return struct.pack("!HHHHHH", ident, flags | 0x0200, 0, 0, 0, 0)


def serve_tcp(listener, zone):
    while True:
        conn, _ = listener.accept()
        with conn:
            try:
                size = struct.unpack("!H", conn.recv(2))[0]
                packet = b""
                while len(packet) < size:
                    packet += conn.recv(size - len(packet))
                answer = reply(packet, zone)
                if answer:
                    conn.sendall(struct.pack("!H", len(answer)) + answer)
            except (OSError, IndexError, struct.error, UnicodeError, ValueError):
                pass


def bind_udp_and_tcp():
    """A UDP socket and a TCP listener on one free port. The port the kernel picks for UDP may
    be taken for TCP (a connection of another test, one in TIME_WAIT): then another is tried."""
    for _ in range(100):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind(("127.0.0.1", sock.getsockname()[1]))
        except OSError:
            sock.close()
            listener.close()
            continue
        listener.listen(8)
        return sock, listener
    raise SystemExit("dns_server: no port free for both UDP and TCP")


def main():
    with open(sys.argv[1]) as f:
        zone = {k.lower(): v for k, v in json.load(f).items()}
    sock, listener = bind_udp_and_tcp()
    threading.Thread(target=serve_tcp, args=(listener, zone), daemon=True).start()
    with open(sys.argv[2] + ".tmp", "w") as f:
        f.write(str(sock.getsockname()[1]))
    os.rename(sys.argv[2] + ".tmp", sys.argv[2])
    while True:
        packet, peer = sock.recvfrom(4096)
        try:
            answer = reply(packet, zone)
        except (IndexError, struct.error, UnicodeError, ValueError):
            continue  # a malformed query gets no reply
        if answer:
            sock.sendto(answer if len(answer) <= 512 else truncated(answer), peer)


if __name__ == "__main__":
    main()
