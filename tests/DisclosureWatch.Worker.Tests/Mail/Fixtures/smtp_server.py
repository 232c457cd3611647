#!/usr/bin/python3
"""A real SMTP server for the tests, built on aiosmtpd (Debian python3-aiosmtpd).

usage: smtp_server.py CERT KEY OUT_DIR USER PASSWORD IMPLICIT_PORT STARTTLS_PORT
IMPLICIT_PORT speaks TLS from the first byte (like 465) and does not offer SMTPUTF8; STARTTLS_PORT (like 587)
requires STARTTLS before AUTH, offers SMTPUTF8 and only AUTH LOGIN. Both require AUTH with USER/PASSWORD; RCPT greylist@... gets 451, nobody@... 550.
Each message is saved as OUT_DIR/NNN.eml (bytes as received after un-dot-stuffing) and OUT_DIR/NNN.json
(envelope, renamed into place last). Prints READY once both ports listen; runs until killed."""
import asyncio, itertools, json, os, ssl, sys
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

cert, key, out, user, password, implicit_port, starttls_port = sys.argv[1:8]
counter = itertools.count(1)

class Saver:
    def __init__(self, port):
        self.port = port

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Scripted refusals so the client's transient/permanent classification meets real replies.
        if address.startswith('greylist@'):
            return '451 4.7.1 Greylisted, try again later'
        if address.startswith('nobody@'):
            return '550 5.1.1 No such user'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        n = next(counter)
        tls = server.transport.get_extra_info('ssl_object')
        with open(os.path.join(out, '%03d.eml' % n), 'wb') as f:
            f.write(envelope.original_content)
        part = os.path.join(out, '%03d.json.part' % n)
        with open(part, 'w', encoding='utf-8') as f:
            json.dump({'port': self.port, 'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,
                       'mail_options': envelope.mail_options, 'smtp_utf8': envelope.smtp_utf8,
                       'authenticated': session.authenticated,
                       'tls': tls.version() if tls else None}, f, ensure_ascii=False)
        os.rename(part, os.path.join(out, '%03d.json' % n))  # the envelope appears whole, after the message
        return '250 OK saved as %03d' % n

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() \
        and auth_data.password == password.encode()
    return AuthResult(success=ok, handled=False)

async def main():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    loop = asyncio.get_running_loop()
    implicit = await loop.create_server(
        lambda: SMTP(Saver(int(implicit_port)), hostname='smtps.dw.test', authenticator=authenticator,
                     auth_required=True, auth_require_tls=False, enable_SMTPUTF8=False),
        '127.0.0.1', int(implicit_port), ssl=context)
    starttls = await loop.create_server(
        lambda: SMTP(Saver(int(starttls_port)), hostname='submission.dw.test', authenticator=authenticator,
                     auth_required=True, auth_require_tls=True, require_starttls=True, tls_context=context,
                     enable_SMTPUTF8=True, auth_exclude_mechanism=['PLAIN']),
        '127.0.0.1', int(starttls_port))
    print('READY', flush=True)
    async with implicit, starttls:
        await asyncio.gather(implicit.serve_forever(), starttls.serve_forever())

asyncio.run(main())
