#!/usr/bin/python3
"""Composes the test mails with Python's own email package (independent of the C# MIME code).

usage: compose_corpus.py OUT_DIR SEEDS_DIR REAL_REPORTS_DIR [--big BYTES]
Writes OUT_DIR/*.eml and OUT_DIR/manifest.json (expected subjects, file names, sha256 of attachments)."""
import hashlib, json, os, sys
from email import encoders, policy
from email.header import Header
from email.message import EmailMessage
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid

out, seeds, reports = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
manifest = {}
seed_files = sorted(f for f in os.listdir(seeds) if f.endswith('.txt'))

def seed_text(i):
    with open(os.path.join(seeds, seed_files[i]), encoding='utf-8') as f:
        return f.read()

def read(path):
    with open(path, 'rb') as f:
        return f.read()

def sha(data):
    return hashlib.sha256(data).hexdigest()

def save(name, msg, subject, attachments, body_contains=None):
    data = msg.as_bytes(policy=msg.policy.clone(linesep='\r\n'))
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
    manifest[name] = {'subject': subject, 'attachments': attachments, 'body_contains': body_contains}

def headers(msg, subject, sender):
    msg['Subject'] = subject
    msg['From'] = sender
    msg['To'] = 'reports@dw.test'
    msg['Date'] = formatdate(1732000000 + len(manifest) * 3600, localtime=False)
    msg['Message-ID'] = make_msgid(domain='sender.test')

# 1. docx (long Chinese RFC 2231 name with continuations) + pdf (RFC 2231), 8bit UTF-8 body.
m = EmailMessage()
subject = '关于报送2024年政府信息公开工作年度报告的函'
headers(m, subject, '河曲县政务公开办 <gkb@hequ.gov.cn>')
m.set_content('各位领导：\n请查收附件中的年度报告。\n')
docx = read(os.path.join(reports, 'national-template-2021.docx'))
docx_name = '河曲县社梁乡2024年政府信息公开工作年度报告（正式版）终稿.docx'
m.add_attachment(docx, maintype='application',
                 subtype='vnd.openxmlformats-officedocument.wordprocessingml.document', filename=docx_name)
pdf = read(os.path.join(reports, 'huaian-city-2024.pdf'))
pdf_name = '淮安市2024年政府信息公开年报.pdf'
m.add_attachment(pdf, maintype='application', subtype='pdf', filename=pdf_name)
save('01-docx-pdf.eml', m, subject,
     [{'filename': docx_name, 'sha256': sha(docx), 'size': len(docx)},
      {'filename': pdf_name, 'sha256': sha(pdf), 'size': len(pdf)}], '请查收附件')

# 2. GBK everywhere: GBK subject words, GBK base64 body, GBK .txt attachment named with RFC 2231 gbk''%XX,
#    and a pdf with an RFC 2047 GB2312 name (old Outlook/Foxmail style). compat32 keeps those forms as written.
m = MIMEMultipart()
subject = '社梁乡2024年度报告（GBK编码）'
m['Subject'] = Header(subject, 'gbk')
m['From'] = '%s <shl@hequ.gov.cn>' % Header('社梁乡人民政府', 'gbk').encode()
m['To'] = 'reports@dw.test'
m['Date'] = formatdate(1732000000, localtime=False)
m['Message-ID'] = make_msgid(domain='sender.test')
body = '各位领导：\n附件为本乡2024年政府信息公开工作年度报告（GBK编码），请审阅。\n联系人：王科员\n'
m.attach(MIMEText(body, 'plain', 'gbk'))
txt = seed_text(0).encode('gbk')
att = MIMEBase('text', 'plain', charset='gbk')
att.set_payload(txt)
encoders.encode_base64(att)
txt_name = '社梁乡2024年政府信息公开工作年度报告.txt'
att.add_header('Content-Disposition', 'attachment', filename=('gbk', 'zh-CN', txt_name))
m.attach(att)
# ... and the same pdf named the old Outlook/Foxmail way: an RFC 2047 GB2312 word inside the quoted parameter.
legacy = MIMEBase('application', 'pdf')
legacy.set_payload(pdf)
encoders.encode_base64(legacy)
legacy_name = '淮安市年报（旧式编码）.pdf'
encoded_name = Header(legacy_name, 'gb2312').encode()
legacy.set_param('name', encoded_name)
legacy.add_header('Content-Disposition', 'attachment', filename=encoded_name)
m.attach(legacy)
data = m.as_bytes().replace(b'\r\n', b'\n').replace(b'\n', b'\r\n')
with open(os.path.join(out, '02-gbk-txt.eml'), 'wb') as f:
    f.write(data)
manifest['02-gbk-txt.eml'] = {'subject': subject, 'body_contains': '请审阅',
                              'attachments': [{'filename': txt_name, 'sha256': sha(txt), 'size': len(txt),
                                               'text_of_seed': seed_files[0]},
                                              {'filename': legacy_name, 'sha256': sha(pdf), 'size': len(pdf)}]}

# 3. A report pasted into a quoted-printable plain-text body, no attachment.
m = EmailMessage()
subject = '2024年年度报告（正文）'
headers(m, subject, 'office@county.gov.cn')
report = seed_text(1)
m.set_content(report, cte='quoted-printable')
save('03-body-report.eml', m, subject, [], report.strip().splitlines()[-1].strip())

# 4. A forwarded mail (message/rfc822) whose body is a report and which carries a UTF-8 .txt report.
inner = EmailMessage()
inner_subject = '某县2024年政府信息公开工作年度报告'
headers(inner, inner_subject, '县政府办公室 <xzf@county.gov.cn>')
inner.set_content(seed_text(2), cte='base64')
fwd_txt = seed_text(3).encode('utf-8')
fwd_name = '附件：年度报告.txt'
inner.add_attachment(fwd_txt, maintype='text', subtype='plain', filename=fwd_name)
m = EmailMessage()
subject = '转发：' + inner_subject
headers(m, subject, '市政务公开办 <sgkb@city.gov.cn>')
m.set_content('请看下面转发的报告。\n')
m.add_attachment(inner)
save('04-forwarded.eml', m, subject,
     [{'filename': fwd_name, 'sha256': sha(fwd_txt), 'size': len(fwd_txt)}], '请看下面转发的报告')
manifest['04-forwarded.eml']['forwarded_subject'] = inner_subject
manifest['04-forwarded.eml']['forwarded_body_contains'] = seed_text(2).strip().splitlines()[-1].strip()

# 5. No report: an HTML/text meeting notice.
m = EmailMessage()
subject = '会议通知：政务公开培训'
headers(m, subject, '培训中心 <train@city.gov.cn>')
m.set_content('定于周五下午召开培训会。\n')
m.add_alternative('<html><body><p>定于<b>周五下午</b>召开培训会。</p></body></html>\n', subtype='html')
save('05-no-report.eml', m, subject, [], '召开培训会')

# Optional: one big message (random attachment), for interrupting a fetch half-way.
if '--big' in sys.argv:
    size = int(sys.argv[sys.argv.index('--big') + 1])
    m = EmailMessage()
    headers(m, 'big', 'big@sender.test')
    m.set_content('big attachment follows\n')
    blob = os.urandom(size)
    m.add_attachment(blob, maintype='application', subtype='octet-stream', filename='big.bin')
    save('99-big.eml', m, 'big', [{'filename': 'big.bin', 'sha256': sha(blob), 'size': size}])

with open(os.path.join(out, 'manifest.json'), 'w', encoding='utf-8') as f:
    json.dump(manifest, f, ensure_ascii=False, indent=1)
