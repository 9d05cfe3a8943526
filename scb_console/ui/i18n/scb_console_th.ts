<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="th_TH">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Platform</source>
        <translation>แพลตฟอร์ม</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>โฟลเดอร์บันทึก (log)</translation>
    </message>
    <message>
        <source>About SCB Console</source>
        <translation>เกี่ยวกับ SCB Console</translation>
    </message>
    <message>
        <source>A developer console for the SCB Open API&apos;s OAuth 2.0 flows, with a local SCB sandbox. Every sandbox customer and credential is fictional.</source>
        <translation>คอนโซลสำหรับนักพัฒนา ใช้ทดสอบโฟลว์ OAuth 2.0 ของ SCB Open API พร้อมแซนด์บ็อกซ์ SCB ในเครื่อง ลูกค้าและข้อมูลรับรองทุกรายการในแซนด์บ็อกซ์เป็นข้อมูลสมมติ</translation>
    </message>
    <message>
        <source>Copy versions</source>
        <translation>คัดลอกเวอร์ชัน</translation>
    </message>
</context>
<context>
    <name>CredentialsPanel</name>
    <message>
        <source>Where requests go. Local sandbox: the simulator built into this console. SCB sandbox, UAT and production: SCB&apos;s servers. Tokens are kept apart per environment.</source>
        <translation>ปลายทางของคำขอ แซนด์บ็อกซ์ในเครื่อง: ตัวจำลองที่มากับคอนโซลนี้ แซนด์บ็อกซ์ SCB, UAT และระบบจริง: เซิร์ฟเวอร์ของ SCB โทเค็นของแต่ละสภาพแวดล้อมแยกจากกัน</translation>
    </message>
    <message>
        <source>The API&apos;s base URL; SCB&apos;s paths (/v1/oauth/token, ...) are appended to it. Fixed for SCB&apos;s environments; the Local sandbox&apos;s is set to the embedded sandbox at each launch.</source>
        <translation>Base URL ของ API โดยจะต่อท้ายด้วยพาธของ SCB (/v1/oauth/token, ...) ค่านี้กำหนดไว้ตายตัวสำหรับสภาพแวดล้อมของ SCB ส่วนแซนด์บ็อกซ์ในเครื่องจะชี้ไปที่แซนด์บ็อกซ์ในตัวทุกครั้งที่เปิดโปรแกรม</translation>
    </message>
    <message>
        <source>The application&apos;s API key from the SCB developer portal. Sent as applicationKey in token bodies and as the apikey / resourceOwnerId headers.</source>
        <translation>API key ของแอปพลิเคชันจาก SCB Developer Portal ส่งเป็น applicationKey ในบอดี้ของคำขอโทเค็น และเป็นเฮดเดอร์ apikey / resourceOwnerId</translation>
    </message>
    <message>
        <source>The application&apos;s API secret (applicationSecret / apisecret). Kept in the OS keyring, never in the profile file. Hold the eye button to see it.</source>
        <translation>API secret ของแอปพลิเคชัน (applicationSecret / apisecret) เก็บไว้ในคีย์ริงของระบบปฏิบัติการ ไม่เคยบันทึกลงไฟล์โปรไฟล์ กดปุ่มรูปตาค้างไว้เพื่อดูค่า</translation>
    </message>
    <message>
        <source>The callback URL registered for the app on the portal. SCB Easy redirects there with code, state and status after the customer consents.</source>
        <translation>Callback URL ที่ลงทะเบียนให้แอปไว้บน Portal หลังลูกค้าให้ความยินยอม SCB Easy จะรีไดเรกต์มาที่ URL นี้พร้อม code, state และ status</translation>
    </message>
    <message>
        <source>response-channel header of the authorize call: &apos;mobile&apos; opens the SCB Easy app, &apos;mobile_mma&apos; another simulator.</source>
        <translation>เฮดเดอร์ response-channel ของคำขอ authorize: &apos;mobile&apos; เปิดแอป SCB Easy ส่วน &apos;mobile_mma&apos; เปิดตัวจำลองอีกตัว</translation>
    </message>
    <message>
        <source>endState header of the authorize call: &apos;mobile_app&apos; returns the customer to your app, &apos;mobile_web&apos; to a web page.</source>
        <translation>เฮดเดอร์ endState ของคำขอ authorize: &apos;mobile_app&apos; พาลูกค้ากลับมาที่แอปของคุณ ส่วน &apos;mobile_web&apos; พากลับไปที่หน้าเว็บ</translation>
    </message>
    <message>
        <source>accept-language header: the language of SCB&apos;s messages (EN or TH).</source>
        <translation>เฮดเดอร์ accept-language: ภาษาของข้อความที่ SCB ตอบกลับ (EN หรือ TH)</translation>
    </message>
    <message>
        <source>redirectOption header (optional): the key of an alternative callback URL registered for this endState.</source>
        <translation>เฮดเดอร์ redirectOption (ไม่บังคับ): คีย์ของ callback URL สำรองที่ลงทะเบียนไว้สำหรับ endState นี้</translation>
    </message>
    <message>
        <source>Your own query pairs (name=value&amp;name2=value2) sent on authorize and echoed back on the redirect. code, state and status are reserved; 255 characters at most.</source>
        <translation>คู่คิวรีของคุณเอง (name=value&amp;name2=value2) ที่ส่งไปตอน authorize และจะถูกส่งกลับมาในการรีไดเรกต์ ห้ามใช้ชื่อ code, state และ status ยาวได้ไม่เกิน 255 ตัวอักษร</translation>
    </message>
    <message>
        <source>Network: the server could not be reached: {reason}. Check the base URL and your connection; the key and secret were not checked.</source>
        <extracomment>&quot;key&quot;, &quot;network&quot;, &quot;server&quot; or &quot;&quot; (ok): what went wrong.</extracomment>
        <translation>เครือข่าย: ติดต่อเซิร์ฟเวอร์ไม่ได้: {reason} ตรวจสอบ Base URL และการเชื่อมต่อของคุณ (ยังไม่ได้ตรวจ API key และ API secret)</translation>
    </message>
    <message>
        <source>Server: it failed (HTTP {status}, code {code}: {description}){uid}. The credentials were not checked; try again later.</source>
        <translation>เซิร์ฟเวอร์: เกิดข้อผิดพลาด (HTTP {status}, รหัส {code}: {description}){uid} ยังไม่ได้ตรวจข้อมูลรับรอง โปรดลองใหม่ภายหลัง</translation>
    </message>
    <message>
        <source>Key or secret: SCB refused them (code {code}: {description}){uid}. Copy both again from the developer portal.</source>
        <translation>API key หรือ API secret: SCB ปฏิเสธ (รหัส {code}: {description}){uid} โปรดคัดลอกทั้งสองค่าจาก Developer Portal ใหม่อีกครั้ง</translation>
    </message>
    <message>
        <source>Request refused (HTTP {status}, code {code}: {description}){uid}.</source>
        <translation>คำขอถูกปฏิเสธ (HTTP {status}, รหัส {code}: {description}){uid}</translation>
    </message>
    <message>
        <source>no status</source>
        <translation>ไม่มีสถานะ</translation>
    </message>
    <message>
        <source>Server: the answer is not SCB&apos;s ({status}: {reason}){uid}. Is the base URL an SCB API?</source>
        <translation>เซิร์ฟเวอร์: คำตอบไม่ใช่รูปแบบของ SCB ({status}: {reason}){uid} Base URL นี้เป็น API ของ SCB หรือไม่</translation>
    </message>
    <message>
        <source>Key: the API key is empty.</source>
        <translation>API key: ยังไม่ได้กรอก API key</translation>
    </message>
    <message>
        <source>Secret: the API secret is empty.</source>
        <translation>API secret: ยังไม่ได้กรอก API secret</translation>
    </message>
    <message>
        <source>Key and secret work: server token {token} (requestUId {uid}).</source>
        <translation>API key และ API secret ใช้งานได้: ได้โทเค็นเซิร์ฟเวอร์ {token} (requestUId {uid})</translation>
    </message>
    <message>
        <source>partner query {text!r} is not name=value pairs joined by &apos;&amp;&apos;</source>
        <translation>คิวรีของพาร์ทเนอร์ {text!r} ไม่ใช่คู่ name=value ที่คั่นด้วย &apos;&amp;&apos;</translation>
    </message>
    <message>
        <source>Profiles</source>
        <extracomment>The active profile (as saved) changed: selection, save, rename. &quot;Test credentials&quot;: ``(profile as on screen, secret as on screen)``. A one-line message for the status bar. The last used profile as the store has it (not written again when unchanged). The shown profile&apos;s secret is not read yet (the secret store opens after the first frame): read it when the store is open, or before anything uses the field.</extracomment>
        <translation>โปรไฟล์</translation>
    </message>
    <message>
        <source>Each profile is one SCB app in one environment</source>
        <translation>แต่ละโปรไฟล์คือแอป SCB หนึ่งแอปในสภาพแวดล้อมหนึ่ง</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>เพิ่ม</translation>
    </message>
    <message>
        <source>Add a new profile</source>
        <translation>เพิ่มโปรไฟล์ใหม่</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>ทำสำเนา</translation>
    </message>
    <message>
        <source>Copy the selected profile (with its secret)</source>
        <translation>ทำสำเนาโปรไฟล์ที่เลือก (รวม API secret)</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>เปลี่ยนชื่อ</translation>
    </message>
    <message>
        <source>Rename the profile</source>
        <translation>เปลี่ยนชื่อโปรไฟล์</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ลบ</translation>
    </message>
    <message>
        <source>Delete the profile and its secret</source>
        <translation>ลบโปรไฟล์และ API secret ของโปรไฟล์</translation>
    </message>
    <message>
        <source>Import or export profiles (JSON, without secrets)</source>
        <translation>นำเข้าหรือส่งออกโปรไฟล์ (JSON ไม่รวมข้อมูลลับ)</translation>
    </message>
    <message>
        <source>More profile actions</source>
        <translation>คำสั่งเพิ่มเติมของโปรไฟล์</translation>
    </message>
    <message>
        <source>Import profiles…</source>
        <translation>นำเข้าโปรไฟล์…</translation>
    </message>
    <message>
        <source>Export profiles…</source>
        <translation>ส่งออกโปรไฟล์…</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>ไม่บังคับ</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>สภาพแวดล้อม</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>Response channel</source>
        <translation>ช่องทางตอบกลับ (response-channel)</translation>
    </message>
    <message>
        <source>End state</source>
        <translation>ปลายทางหลังอนุมัติ (endState)</translation>
    </message>
    <message>
        <source>Accept language</source>
        <translation>ภาษาคำตอบ (accept-language)</translation>
    </message>
    <message>
        <source>Redirect option</source>
        <translation>ตัวเลือกรีไดเรกต์ (redirectOption)</translation>
    </message>
    <message>
        <source>Partner query</source>
        <translation>คิวรีพาร์ทเนอร์</translation>
    </message>
    <message>
        <source>Partner query pairs</source>
        <translation>คู่คิวรีของพาร์ทเนอร์</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>บันทึก</translation>
    </message>
    <message>
        <source>Save the profile (the secret goes to the OS keyring)</source>
        <translation>บันทึกโปรไฟล์ (API secret เก็บในคีย์ริงของระบบ)</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>ย้อนกลับ</translation>
    </message>
    <message>
        <source>Undo unsaved changes</source>
        <translation>ยกเลิกการแก้ไขที่ยังไม่ได้บันทึก</translation>
    </message>
    <message>
        <source>Ask for a server token with the key and secret above (saved or not) and say what is wrong, if anything</source>
        <translation>ขอโทเค็นเซิร์ฟเวอร์ด้วย API key และ API secret ด้านบน (บันทึกแล้วหรือไม่ก็ได้) แล้วแจ้งว่ามีอะไรผิดพลาดหรือไม่</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>กำลังทดสอบ…</translation>
    </message>
    <message>
        <source>Test credentials</source>
        <translation>ทดสอบข้อมูลรับรอง</translation>
    </message>
    <message>
        <source>the embedded sandbox</source>
        <translation>แซนด์บ็อกซ์ในตัว</translation>
    </message>
    <message>
        <source>Secrets are kept in {where}.</source>
        <translation>ข้อมูลลับเก็บไว้ใน {where}</translation>
    </message>
    <message>
        <source>no OS keyring</source>
        <translation>ไม่มีคีย์ริงของระบบปฏิบัติการ</translation>
    </message>
    <message>
        <source>Secrets are kept for this session only. {reason}.</source>
        <translation>ข้อมูลลับจะเก็บไว้เฉพาะในเซสชันนี้เท่านั้น {reason}</translation>
    </message>
    <message>
        <source>The secret was not saved: {error}</source>
        <translation>ไม่ได้บันทึก API secret: {error}</translation>
    </message>
    <message>
        <source>Saved profile {name!r}</source>
        <translation>บันทึกโปรไฟล์ {name!r} แล้ว</translation>
    </message>
    <message>
        <source>A profile named {name!r} already exists</source>
        <translation>มีโปรไฟล์ชื่อ {name!r} อยู่แล้ว</translation>
    </message>
    <message>
        <source>The secret was not copied: {error}</source>
        <translation>ไม่ได้คัดลอก API secret: {error}</translation>
    </message>
    <message>
        <source>The secret could not be moved: {error}</source>
        <translation>ย้าย API secret ไม่สำเร็จ: {error}</translation>
    </message>
    <message>
        <source>The old secret could not be removed: {error}</source>
        <translation>ลบ API secret เดิมไม่สำเร็จ: {error}</translation>
    </message>
    <message>
        <source>The secret could not be removed: {error}</source>
        <translation>ลบ API secret ไม่สำเร็จ: {error}</translation>
    </message>
    <message>
        <source>Deleted profile {name!r}</source>
        <translation>ลบโปรไฟล์ {name!r} แล้ว</translation>
    </message>
    <message>
        <source>Export failed: {error}</source>
        <translation>ส่งออกไม่สำเร็จ: {error}</translation>
    </message>
    <message>
        <source>Exported {count} profiles (no secrets) to {path}</source>
        <translation>ส่งออก {count} โปรไฟล์ (ไม่รวมข้อมูลลับ) ไปที่ {path} แล้ว</translation>
    </message>
    <message>
        <source>Import failed: cannot read {path}: {error}</source>
        <translation>นำเข้าไม่สำเร็จ: อ่าน {path} ไม่ได้: {error}</translation>
    </message>
    <message>
        <source>Import failed: {path} is not UTF-8 text</source>
        <translation>นำเข้าไม่สำเร็จ: {path} ไม่ใช่ข้อความ UTF-8</translation>
    </message>
    <message>
        <source>Import failed: {error}</source>
        <translation>นำเข้าไม่สำเร็จ: {error}</translation>
    </message>
    <message>
        <source>Imported {count} profiles; enter each one&apos;s API secret before use</source>
        <translation>นำเข้า {count} โปรไฟล์แล้ว โปรดกรอก API secret ของแต่ละโปรไฟล์ก่อนใช้งาน</translation>
    </message>
    <message>
        <source>Add profile</source>
        <translation>เพิ่มโปรไฟล์</translation>
    </message>
    <message>
        <source>Name of the new profile:</source>
        <translation>ชื่อโปรไฟล์ใหม่:</translation>
    </message>
    <message>
        <source>Duplicate profile</source>
        <translation>ทำสำเนาโปรไฟล์</translation>
    </message>
    <message>
        <source>Name of the copy:</source>
        <translation>ชื่อของสำเนา:</translation>
    </message>
    <message>
        <source>{name} copy</source>
        <translation>สำเนา {name}</translation>
    </message>
    <message>
        <source>Rename profile</source>
        <translation>เปลี่ยนชื่อโปรไฟล์</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>ชื่อใหม่:</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>ลบโปรไฟล์</translation>
    </message>
    <message>
        <source>Delete the profile {name!r} and its stored API secret?</source>
        <translation>ลบโปรไฟล์ {name!r} และ API secret ที่เก็บไว้หรือไม่</translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>นำเข้าโปรไฟล์</translation>
    </message>
    <message>
        <source>Profiles (*.json);;All files (*)</source>
        <translation>โปรไฟล์ (*.json);;ทุกไฟล์ (*)</translation>
    </message>
    <message>
        <source>Export profiles (no secrets)</source>
        <translation>ส่งออกโปรไฟล์ (ไม่รวมข้อมูลลับ)</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>โปรไฟล์ (*.json)</translation>
    </message>
</context>
<context>
    <name>Dates</name>
    <message>
        <source>expired</source>
        <extracomment>The interface languages, as lower-case codes. Each language&apos;s name in itself, for the language menu. The Accept-Language value SCB&apos;s API takes for each interface language. The translation catalog&apos;s base name: ``scb_console_&lt;lang&gt;.ts`` / ``.qm``. Where the ``.ts`` sources are (this package&apos;s folder). The folder of the compiled ``.qm`` files inside the assets. Years of the Buddhist era ahead of the common era (2026 CE = 2569 BE). The new language code.</extracomment>
        <translation>หมดอายุ</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>เหลือ {time}</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} วินาที</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} นาที {s} วินาที</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} นาที</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} ชม. {m} นาที</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} ชม.</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>เมื่อสักครู่</translation>
    </message>
    <message>
        <source>{duration} ago</source>
        <translation>{duration}ที่แล้ว</translation>
    </message>
</context>
<context>
    <name>DemoAutopilot</name>
    <message>
        <source>Server token</source>
        <extracomment>Seconds the caption shows before the step&apos;s action, at speed 1.0. Seconds one step&apos;s request may take (real time, never scaled). The exit status of ``--demo --exit-when-done`` when a step failed. The step&apos;s name (the wizard&apos;s title); failures name it. The caption&apos;s headline: what happens. The caption&apos;s text: why, for a partner team.</extracomment>
        <translation>โทเค็นเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>The partner&apos;s app identifies itself to SCB</source>
        <translation>แอปของพาร์ทเนอร์ยืนยันตัวตนกับ SCB</translation>
    </message>
    <message>
        <source>It sends its API key and secret and gets a server token, valid for 30 minutes. No customer is involved yet: this token is for the app&apos;s own calls.</source>
        <translation>แอปส่ง API key และ API secret แล้วได้โทเค็นเซิร์ฟเวอร์ที่ใช้ได้ 30 นาที ขั้นนี้ยังไม่เกี่ยวกับลูกค้า โทเค็นนี้ใช้เรียก API ในนามของแอปเอง</translation>
    </message>
    <message>
        <source>Authorize</source>
        <translation>ขออนุญาต</translation>
    </message>
    <message>
        <source>The app asks SCB for a sign-in link</source>
        <translation>แอปขอลิงก์เข้าสู่ระบบจาก SCB</translation>
    </message>
    <message>
        <source>SCB answers with a link to SCB Easy, shown here as a QR code. On a real phone, scanning it opens SCB Easy, where the customer signs in.</source>
        <translation>SCB ตอบกลับด้วยลิงก์ไปยัง SCB Easy ซึ่งแสดงเป็นคิวอาร์โค้ดตรงนี้ บนโทรศัพท์จริง การสแกนจะเปิดแอป SCB Easy ให้ลูกค้าเข้าสู่ระบบ</translation>
    </message>
    <message>
        <source>Customer approval</source>
        <translation>ลูกค้าอนุมัติ</translation>
    </message>
    <message>
        <source>A test customer, {customer}, approves in SCB Easy</source>
        <translation>ลูกค้าทดสอบ {customer} อนุมัติใน SCB Easy</translation>
    </message>
    <message>
        <source>The sandbox plays the customer: signs in, says yes to sharing the profile, and SCB Easy sends them back to the app with a one-time authorization code.</source>
        <translation>แซนด์บ็อกซ์สวมบทเป็นลูกค้า: เข้าสู่ระบบ ยินยอมให้แชร์ข้อมูลโปรไฟล์ แล้ว SCB Easy ส่งลูกค้ากลับมาที่แอปพร้อมรหัสอนุญาตแบบใช้ครั้งเดียว</translation>
    </message>
    <message>
        <source>Code countdown</source>
        <translation>นับถอยหลังรหัส</translation>
    </message>
    <message>
        <source>The app holds a one-time code, valid for 60 seconds</source>
        <translation>แอปได้รหัสใช้ครั้งเดียว ซึ่งใช้ได้ 60 วินาที</translation>
    </message>
    <message>
        <source>The code can be used once and only for a minute, so a stolen or forgotten code is worthless. The app must trade it in at once: watch the ring count down.</source>
        <translation>รหัสนี้ใช้ได้ครั้งเดียวและภายในหนึ่งนาทีเท่านั้น รหัสที่ถูกขโมยหรือถูกลืมจึงไร้ค่า แอปต้องนำไปแลกทันที ดูวงแหวนนับถอยหลังได้เลย</translation>
    </message>
    <message>
        <source>Exchange the code</source>
        <translation>แลกรหัส</translation>
    </message>
    <message>
        <source>The app trades the code for the customer&apos;s tokens</source>
        <translation>แอปนำรหัสไปแลกเป็นโทเค็นของลูกค้า</translation>
    </message>
    <message>
        <source>An access token (30 minutes) lets the app call SCB for this customer; a refresh token (60 minutes) gets new access tokens without asking the customer again.</source>
        <translation>access token (30 นาที) ให้แอปเรียก SCB แทนลูกค้ารายนี้ได้ ส่วน refresh token (60 นาที) ใช้ขอ access token ใหม่โดยไม่ต้องถามลูกค้าซ้ำ</translation>
    </message>
    <message>
        <source>Customer profile</source>
        <translation>โปรไฟล์ลูกค้า</translation>
    </message>
    <message>
        <source>The app calls SCB on the customer&apos;s behalf</source>
        <translation>แอปเรียก SCB ในนามของลูกค้า</translation>
    </message>
    <message>
        <source>With the access token it reads the customer&apos;s profile: name, mobile and email come back. This proves the sign-in worked end to end.</source>
        <translation>แอปใช้ access token อ่านโปรไฟล์ลูกค้า ได้ชื่อ เบอร์มือถือ และอีเมลกลับมา ซึ่งยืนยันว่าการเข้าสู่ระบบสำเร็จตลอดทั้งกระบวนการ</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>รีเฟรช</translation>
    </message>
    <message>
        <source>The app keeps the customer signed in</source>
        <translation>แอปคงสถานะเข้าสู่ระบบของลูกค้าไว้</translation>
    </message>
    <message>
        <source>Before the access token runs out, the app swaps the refresh token for a fresh access token. The customer does not have to approve again.</source>
        <translation>ก่อนที่ access token จะหมดอายุ แอปนำ refresh token ไปแลก access token ใหม่ โดยลูกค้าไม่ต้องอนุมัติอีกครั้ง</translation>
    </message>
    <message>
        <source>Local sandbox</source>
        <translation>แซนด์บ็อกซ์ในเครื่อง</translation>
    </message>
    <message>
        <source>Switching to the {profile} profile</source>
        <translation>กำลังสลับไปใช้โปรไฟล์ {profile}</translation>
    </message>
    <message>
        <source>The demo only ever runs against the sandbox built into this console, with test customers: no request goes to SCB.</source>
        <translation>การสาธิตทำงานกับแซนด์บ็อกซ์ที่มากับคอนโซลนี้และลูกค้าทดสอบเท่านั้น ไม่มีคำขอใดส่งไปที่ SCB</translation>
    </message>
    <message>
        <source>That is the whole sign-in story</source>
        <translation>นี่คือขั้นตอนการเข้าสู่ระบบทั้งหมด</translation>
    </message>
    <message>
        <source>The app identified itself, the customer approved once on their phone, and the app now calls SCB for the customer and keeps the session fresh by itself. Restart to play it again.</source>
        <translation>แอปยืนยันตัวตนแล้ว ลูกค้าอนุมัติบนโทรศัพท์เพียงครั้งเดียว ตอนนี้แอปเรียก SCB แทนลูกค้าและต่ออายุเซสชันได้เอง กด &quot;เริ่มใหม่&quot; เพื่อเล่นอีกครั้ง</translation>
    </message>
    <message>
        <source>Pause</source>
        <extracomment>``(index, name)``: a step began (its caption is on screen). ``(index, name)``: a step&apos;s action succeeded. ``(headline, text)``: the caption changed. ``(state)``: running, paused, done, failed or stopped. ``(ok, message)``: the run ended (success, or the failing step named).</extracomment>
        <translation>หยุดชั่วคราว</translation>
    </message>
    <message>
        <source>Pause or resume the demo (Space)</source>
        <translation>หยุดหรือเล่นการสาธิตต่อ (Space)</translation>
    </message>
    <message>
        <source>Step ▸</source>
        <translation>ขั้นถัดไป ▸</translation>
    </message>
    <message>
        <source>Play the next step now (Right arrow)</source>
        <translation>เล่นขั้นถัดไปทันที (ลูกศรขวา)</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>เริ่มใหม่</translation>
    </message>
    <message>
        <source>Start the story again from the first step</source>
        <translation>เริ่มการสาธิตใหม่ตั้งแต่ขั้นแรก</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
    <message>
        <source>Stop the demo and hide this bar</source>
        <translation>หยุดการสาธิตและซ่อนแถบนี้</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>เสร็จสิ้น</translation>
    </message>
    <message>
        <source>Stopped at {number} / {total} · {name}</source>
        <translation>หยุดที่ {number} / {total} · {name}</translation>
    </message>
    <message>
        <source>The demo stopped at “{name}”</source>
        <translation>การสาธิตหยุดที่ “{name}”</translation>
    </message>
    <message>
        <source>{reason}. Restart to try again.</source>
        <translation>{reason} กด &quot;เริ่มใหม่&quot; เพื่อลองอีกครั้ง</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>เล่นต่อ</translation>
    </message>
    <message>
        <source>▶ Playing</source>
        <translation>▶ กำลังเล่น</translation>
    </message>
    <message>
        <source>❚❚ Paused</source>
        <translation>❚❚ หยุดชั่วคราว</translation>
    </message>
    <message>
        <source>✓ Done</source>
        <translation>✓ เสร็จสิ้น</translation>
    </message>
    <message>
        <source>✕ Stopped</source>
        <translation>✕ หยุดแล้ว</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>หยุดแล้ว</translation>
    </message>
</context>
<context>
    <name>DemoCaptionBar</name>
    <message>
        <source>Demo caption</source>
        <translation>คำบรรยายการสาธิต</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>สาธิต</translation>
    </message>
</context>
<context>
    <name>EngineBridge</name>
    <message>
        <source>Unexpected error ({kind}): {text}</source>
        <extracomment>Decides whether a request may go out now (the production confirmation); True lets it go.</extracomment>
        <translation>ข้อผิดพลาดที่ไม่คาดคิด ({kind}): {text}</translation>
    </message>
    <message>
        <source>Unexpected error ({kind})</source>
        <translation>ข้อผิดพลาดที่ไม่คาดคิด ({kind})</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Dismiss message</source>
        <translation>ปิดข้อความ</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>ข้อผิดพลาด</translation>
    </message>
</context>
<context>
    <name>ExchangeLogModel</name>
    <message>
        <source>Time</source>
        <extracomment>All columns&apos; text joined (lower-case): what the filter matches against.</extracomment>
        <translation>เวลา</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>ขั้นตอน</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>พาธ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>SCB code</source>
        <translation>รหัส SCB</translation>
    </message>
    <message>
        <source>Duration (ms)</source>
        <translation>ใช้เวลา (มิลลิวินาที)</translation>
    </message>
    <message>
        <source>When the request was sent (local clock)</source>
        <translation>เวลาที่ส่งคำขอ (นาฬิกาเครื่องนี้)</translation>
    </message>
    <message>
        <source>Which step of the flow made the call</source>
        <translation>ขั้นตอนของโฟลว์ที่ส่งคำขอนี้</translation>
    </message>
    <message>
        <source>HTTP method</source>
        <translation>HTTP method</translation>
    </message>
    <message>
        <source>The request&apos;s path and query (secrets masked); the tooltip has the URL</source>
        <translation>พาธและคิวรีของคำขอ (ปิดบังข้อมูลลับ) ดู URL เต็มได้ในคำอธิบายเครื่องมือ</translation>
    </message>
    <message>
        <source>HTTP status of the answer; a dash when no answer came</source>
        <translation>HTTP status ของคำตอบ แสดงขีดเมื่อไม่มีคำตอบ</translation>
    </message>
    <message>
        <source>status.code of SCB&apos;s envelope: 1000 is success; 9xxx are errors</source>
        <translation>status.code ใน envelope ของ SCB: 1000 คือสำเร็จ 9xxx คือข้อผิดพลาด</translation>
    </message>
    <message>
        <source>From sending the request to reading the whole answer</source>
        <translation>นับจากส่งคำขอจนอ่านคำตอบครบ</translation>
    </message>
    <message>
        <source>The requestUId header the console sent: quote it to SCB support to find the call in their logs</source>
        <translation>เฮดเดอร์ requestUId ที่คอนโซลส่งไป แจ้งค่านี้กับฝ่ายสนับสนุนของ SCB เพื่อค้นหาการเรียกนี้ในบันทึกของ SCB</translation>
    </message>
    <message>
        <source>error</source>
        <extracomment>Where an API path starts in a URL: its version segment (``/v1/``, ``/v2/``).</extracomment>
        <translation>ข้อผิดพลาด</translation>
    </message>
</context>
<context>
    <name>ExchangeLogPanel</name>
    <message>
        <source>(no body)</source>
        <extracomment>The text of each column, indexed by column number (a tuple lookup: cheap per cell).</extracomment>
        <translation>(ไม่มีบอดี้)</translation>
    </message>
    <message>
        <source>SCB code {code}</source>
        <translation>รหัส SCB {code}</translation>
    </message>
    <message>
        <source>── No answer ({summary})</source>
        <translation>── ไม่มีคำตอบ ({summary})</translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>ข้อผิดพลาด: {error}</translation>
    </message>
    <message>
        <source>Filter: step, path, status, SCB code, requestUId…</source>
        <extracomment>Each row&apos;s :func:`filter_text`, computed once (on append, or on the first filter). The cells&apos; fonts, made once (a new QFont per painted cell costs a font lookup). While the filter changes: whether each source row matches, by row. While rows stream in, the table repaints at most once per this many ms: painting the rows on screen costs ~10 ms, which once per appended row would stall the GUI on every request. A HAR file was written (its path). When rows last arrived (time.monotonic), and the timer that lets a held repaint run. Exports running on a worker thread (kept referenced until they end).</extracomment>
        <translation>กรอง: ขั้นตอน พาธ สถานะ รหัส SCB requestUId…</translation>
    </message>
    <message>
        <source>Filter exchanges</source>
        <translation>กรองการรับส่ง</translation>
    </message>
    <message>
        <source>Shows the exchanges whose columns contain every word typed (any order, any case)</source>
        <translation>แสดงการรับส่งที่มีทุกคำที่พิมพ์ในคอลัมน์ใดก็ได้ (ลำดับใดก็ได้ ตัวพิมพ์ใหญ่หรือเล็กก็ได้)</translation>
    </message>
    <message>
        <source>Copy requestUId</source>
        <translation>คัดลอก requestUId</translation>
    </message>
    <message>
        <source>Copy the selected exchange&apos;s requestUId (for support)</source>
        <translation>คัดลอก requestUId ของการรับส่งที่เลือก (สำหรับฝ่ายสนับสนุน)</translation>
    </message>
    <message>
        <source>Export HAR…</source>
        <translation>ส่งออก HAR…</translation>
    </message>
    <message>
        <source>Save every exchange as a HAR file (secrets stay masked), for a bug report</source>
        <translation>บันทึกการรับส่งทั้งหมดเป็นไฟล์ HAR (ข้อมูลลับยังถูกปิดบัง) สำหรับรายงานบั๊ก</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>ล้าง</translation>
    </message>
    <message>
        <source>Forget every exchange in this log</source>
        <translation>ล้างการรับส่งทั้งหมดในบันทึกนี้</translation>
    </message>
    <message>
        <source>Exchange log</source>
        <translation>บันทึกการรับส่ง</translation>
    </message>
    <message>
        <source>Exchange detail</source>
        <translation>รายละเอียดการรับส่ง</translation>
    </message>
    <message>
        <source>Select an exchange to see its request and answer (secrets masked)</source>
        <translation>เลือกการรับส่งเพื่อดูคำขอและคำตอบ (ปิดบังข้อมูลลับ)</translation>
    </message>
    <message>
        <source>Export HAR</source>
        <translation>ส่งออก HAR</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>เขียน {path} ไม่ได้: {error}</translation>
    </message>
    <message>
        <source>Export the exchange log as HAR</source>
        <translation>ส่งออกบันทึกการรับส่งเป็น HAR</translation>
    </message>
    <message>
        <source>HTTP Archive (*.har);;All files (*)</source>
        <translation>HTTP Archive (*.har);;ทุกไฟล์ (*)</translation>
    </message>
    <message>
        <source>1 exchange</source>
        <translation>1 รายการ</translation>
    </message>
    <message>
        <source>{total} exchanges</source>
        <translation>{total} รายการ</translation>
    </message>
    <message>
        <source>{shown} of 1 exchange</source>
        <translation>{shown} จาก 1 รายการ</translation>
    </message>
    <message>
        <source>{shown} of {total} exchanges</source>
        <translation>{shown} จาก {total} รายการ</translation>
    </message>
</context>
<context>
    <name>ExchangePane</name>
    <message>
        <source>Request that will be sent (secrets masked)</source>
        <translation>คำขอที่จะส่ง (ปิดบังข้อมูลลับ)</translation>
    </message>
    <message>
        <source>Answer (secrets masked)</source>
        <translation>คำตอบ (ปิดบังข้อมูลลับ)</translation>
    </message>
    <message>
        <source>Nothing sent yet.</source>
        <translation>ยังไม่ได้ส่งคำขอ</translation>
    </message>
    <message>
        <source>Will send</source>
        <translation>จะส่ง</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>คำตอบ</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>คัดลอกเป็น curl</translation>
    </message>
    <message>
        <source>Copy this request as a curl command; secrets become shell variables (SCB_API_SECRET, ...)</source>
        <translation>คัดลอกคำขอนี้เป็นคำสั่ง curl โดยข้อมูลลับจะกลายเป็นตัวแปรของเชลล์ (SCB_API_SECRET, ...)</translation>
    </message>
    <message>
        <source>Copy the request as curl</source>
        <translation>คัดลอกคำขอเป็น curl</translation>
    </message>
    <message>
        <source>Nothing to send yet.</source>
        <translation>ยังไม่มีคำขอที่จะส่ง</translation>
    </message>
</context>
<context>
    <name>FaultsIndicator</name>
    <message>
        <source>Faults are on</source>
        <translation>เปิดใช้ความขัดข้องจำลองอยู่</translation>
    </message>
    <message>
        <source>⚠ Faults on: {summary}</source>
        <translation>⚠ ความขัดข้องจำลอง: {summary}</translation>
    </message>
    <message>
        <source>The local sandbox misbehaves on purpose (fault rehearsal):</source>
        <translation>แซนด์บ็อกซ์ในเครื่องกำลังจำลองความขัดข้องโดยตั้งใจ (ซ้อมรับมือความขัดข้อง):</translation>
    </message>
    <message>
        <source>Click to open the Fault rehearsal panel; “All clear” ends it.</source>
        <translation>คลิกเพื่อเปิดแผงซ้อมรับมือความขัดข้อง กด “กลับสู่ปกติ” เพื่อเลิก</translation>
    </message>
</context>
<context>
    <name>FaultsPanel</name>
    <message>
        <source>All endpoints</source>
        <translation>ทุก endpoint</translation>
    </message>
    <message>
        <source>token: server token and code exchange</source>
        <translation>token: โทเค็นเซิร์ฟเวอร์และการแลกรหัส</translation>
    </message>
    <message>
        <source>authorize: the deeplink</source>
        <translation>authorize: ดีปลิงก์</translation>
    </message>
    <message>
        <source>refresh: new access token</source>
        <translation>refresh: access token ใหม่</translation>
    </message>
    <message>
        <source>profile: the customer profile call</source>
        <translation>profile: การเรียกโปรไฟล์ลูกค้า</translation>
    </message>
    <message>
        <source>No: well-formed answers</source>
        <extracomment>Malformed-answer choices: ``(mode, label)``.</extracomment>
        <translation>ไม่: คำตอบปกติ</translation>
    </message>
    <message>
        <source>Truncated JSON (cut in half)</source>
        <translation>JSON ขาดครึ่ง</translation>
    </message>
    <message>
        <source>HTML error page instead of JSON</source>
        <translation>หน้า HTML แจ้งข้อผิดพลาดแทน JSON</translation>
    </message>
    <message>
        <source>Slow network: 2 s</source>
        <extracomment>Largest clock offset the form takes (a week, either way).</extracomment>
        <translation>เครือข่ายช้า: 2 วินาที</translation>
    </message>
    <message>
        <source>Every SCB call answers 2 seconds late: the console stays usable while it waits</source>
        <translation>ทุกการเรียก SCB ตอบช้าไป 2 วินาที คอนโซลยังใช้งานได้ระหว่างรอ</translation>
    </message>
    <message>
        <source>SCB is down: 500s</source>
        <translation>SCB ล่ม: HTTP 500</translation>
    </message>
    <message>
        <source>Every SCB call answers HTTP 500 with SCB code 9700 (generic server error)</source>
        <translation>ทุกการเรียก SCB ตอบ HTTP 500 พร้อมรหัส SCB 9700 (ข้อผิดพลาดทั่วไปฝั่งเซิร์ฟเวอร์)</translation>
    </message>
    <message>
        <source>Garbled answers</source>
        <translation>คำตอบเสียหาย</translation>
    </message>
    <message>
        <source>SCB&apos;s answers arrive cut in half: not valid JSON (the request itself went through)</source>
        <translation>คำตอบของ SCB มาถึงแค่ครึ่งเดียว จึงไม่ใช่ JSON ที่ถูกต้อง (แต่คำขอถูกประมวลผลแล้ว)</translation>
    </message>
    <message>
        <source>Connections drop</source>
        <translation>การเชื่อมต่อหลุด</translation>
    </message>
    <message>
        <source>The sandbox closes every connection before it answers</source>
        <translation>แซนด์บ็อกซ์ตัดทุกการเชื่อมต่อก่อนตอบ</translation>
    </message>
    <message>
        <source>Server clock 2 h ahead</source>
        <translation>นาฬิกาเซิร์ฟเวอร์เร็วไป 2 ชม.</translation>
    </message>
    <message>
        <source>The Date header and expiresAt run 2 hours ahead of this machine: watch the clock skew</source>
        <translation>เฮดเดอร์ Date และ expiresAt เร็วกว่าเครื่องนี้ 2 ชั่วโมง ลองสังเกตเวลาคลาดเคลื่อน</translation>
    </message>
    <message>
        <source>All clear</source>
        <translation>กลับสู่ปกติ</translation>
    </message>
    <message>
        <source>No fault anywhere: the sandbox behaves</source>
        <translation>ไม่มีความขัดข้องใด ๆ แซนด์บ็อกซ์ทำงานตามปกติ</translation>
    </message>
    <message>
        <source>{n} ms</source>
        <translation>{n} มิลลิวินาที</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} วินาที</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} วัน</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} ชม.</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} นาที</translation>
    </message>
    <message>
        <source>{latency} latency</source>
        <translation>หน่วงเวลา {latency}</translation>
    </message>
    <message>
        <source>500/9700 on {percent} of calls</source>
        <translation>500/9700 ใน {percent} ของการเรียก</translation>
    </message>
    <message>
        <source>truncated JSON answers</source>
        <translation>คำตอบ JSON ขาดครึ่ง</translation>
    </message>
    <message>
        <source>HTML error pages instead of JSON</source>
        <translation>หน้า HTML แจ้งข้อผิดพลาดแทน JSON</translation>
    </message>
    <message>
        <source>{percent} of connections dropped</source>
        <translation>การเชื่อมต่อหลุด {percent}</translation>
    </message>
    <message>
        <source>server clock {offset}</source>
        <translation>นาฬิกาเซิร์ฟเวอร์ {offset}</translation>
    </message>
    <message>
        <source>no fault (overrides all endpoints)</source>
        <translation>ไม่มีความขัดข้อง (แทนที่การตั้งค่าทุก endpoint)</translation>
    </message>
    <message>
        <source> (+{count} more)</source>
        <translation> (+อีก {count} รายการ)</translation>
    </message>
    <message>
        <source>Make the local sandbox misbehave on purpose, to show how the flow and the console cope when SCB is slow, down or strange. Takes effect on the next request.</source>
        <extracomment>The faults now in force (a :class:`Faults`), after any change (here or elsewhere). A one-line message for the status bar. The status bar&apos;s reminder (``indicator``: one already there, made before the panel)</extracomment>
        <translation>ทำให้แซนด์บ็อกซ์ในเครื่องขัดข้องโดยตั้งใจ เพื่อดูว่าโฟลว์และคอนโซลรับมืออย่างไรเมื่อ SCB ช้า ล่ม หรือตอบผิดปกติ มีผลตั้งแต่คำขอถัดไป</translation>
    </message>
    <message>
        <source>One click</source>
        <translation>คลิกเดียว</translation>
    </message>
    <message>
        <source>Custom, per endpoint</source>
        <translation>กำหนดเองราย endpoint</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpoint</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> มิลลิวินาที</translation>
    </message>
    <message>
        <source>Added before the sandbox answers (0 to 600000 ms)</source>
        <translation>หน่วงเวลาก่อนแซนด์บ็อกซ์ตอบ (0 ถึง 600000 มิลลิวินาที)</translation>
    </message>
    <message>
        <source>Share of calls answered HTTP 500 with SCB code 9700</source>
        <translation>สัดส่วนการเรียกที่ตอบ HTTP 500 พร้อมรหัส SCB 9700</translation>
    </message>
    <message>
        <source>Spoil the answer&apos;s body after the request was handled (a code is spent even so)</source>
        <translation>ทำให้บอดี้ของคำตอบเสียหายหลังประมวลผลคำขอแล้ว (รหัสอนุญาตจึงถูกใช้ไปแล้วเช่นกัน)</translation>
    </message>
    <message>
        <source>Share of connections closed before any answer</source>
        <translation>สัดส่วนการเชื่อมต่อที่ถูกตัดก่อนได้คำตอบ</translation>
    </message>
    <message>
        <source> s</source>
        <translation> วินาที</translation>
    </message>
    <message>
        <source>Shift the server&apos;s clock (Date header, expiresAt) by this many seconds; 7200 is 2 hours ahead, −7200 behind</source>
        <translation>เลื่อนนาฬิกาของเซิร์ฟเวอร์ (เฮดเดอร์ Date, expiresAt) ตามจำนวนวินาทีนี้ 7200 คือเร็วไป 2 ชั่วโมง −7200 คือช้าไป 2 ชั่วโมง</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>หน่วงเวลา</translation>
    </message>
    <message>
        <source>Errors (500)</source>
        <translation>ข้อผิดพลาด (500)</translation>
    </message>
    <message>
        <source>Malformed</source>
        <translation>คำตอบผิดรูปแบบ</translation>
    </message>
    <message>
        <source>Drop connections</source>
        <translation>ตัดการเชื่อมต่อ</translation>
    </message>
    <message>
        <source>Server clock</source>
        <translation>นาฬิกาเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>ใช้</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>รีเซ็ต</translation>
    </message>
    <message>
        <source>Active faults</source>
        <translation>ความขัดข้องที่เปิดอยู่</translation>
    </message>
    <message>
        <source>The local sandbox is not running, so there is nothing to rehearse on. Fault rehearsal needs the console&apos;s embedded sandbox.</source>
        <translation>แซนด์บ็อกซ์ในเครื่องไม่ได้ทำงาน จึงไม่มีอะไรให้ซ้อม การซ้อมรับมือความขัดข้องต้องใช้แซนด์บ็อกซ์ในตัวของคอนโซล</translation>
    </message>
    <message>
        <source>No profile is selected. Pick the Local sandbox profile to rehearse failures.</source>
        <translation>ยังไม่ได้เลือกโปรไฟล์ เลือกโปรไฟล์แซนด์บ็อกซ์ในเครื่องเพื่อซ้อมรับมือความขัดข้อง</translation>
    </message>
    <message>
        <source>Fault rehearsal works on the local sandbox only: profile {name!r} talks to {environment}, where faults cannot be set. Select the Local sandbox profile to rehearse failures.</source>
        <translation>ซ้อมรับมือความขัดข้องได้กับแซนด์บ็อกซ์ในเครื่องเท่านั้น: โปรไฟล์ {name!r} เชื่อมต่อกับ {environment} ซึ่งตั้งค่าความขัดข้องไม่ได้ โปรดเลือกโปรไฟล์แซนด์บ็อกซ์ในเครื่องเพื่อซ้อม</translation>
    </message>
    <message>
        <source>Profile {name!r} points at another sandbox ({url}); faults can be set on the console&apos;s embedded sandbox only.</source>
        <translation>โปรไฟล์ {name!r} ชี้ไปที่แซนด์บ็อกซ์อื่น ({url}) ตั้งค่าความขัดข้องได้เฉพาะแซนด์บ็อกซ์ในตัวของคอนโซล</translation>
    </message>
    <message>
        <source>There is no local sandbox to set faults on</source>
        <translation>ไม่มีแซนด์บ็อกซ์ในเครื่องให้ตั้งค่าความขัดข้อง</translation>
    </message>
    <message>
        <source>Faults not set: {error}</source>
        <translation>ตั้งค่าความขัดข้องไม่สำเร็จ: {error}</translation>
    </message>
    <message>
        <source>Fault rehearsal is not available</source>
        <translation>ใช้การซ้อมรับมือความขัดข้องไม่ได้</translation>
    </message>
    <message>
        <source>All clear: the local sandbox behaves again</source>
        <translation>กลับสู่ปกติ: แซนด์บ็อกซ์ในเครื่องทำงานตามปกติแล้ว</translation>
    </message>
    <message>
        <source>Fault rehearsal: {label} ({description})</source>
        <translation>ซ้อมรับมือความขัดข้อง: {label} ({description})</translation>
    </message>
    <message>
        <source>all endpoints</source>
        <translation>ทุก endpoint</translation>
    </message>
    <message>
        <source>no fault</source>
        <translation>ไม่มีความขัดข้อง</translation>
    </message>
    <message>
        <source>Fault rehearsal on {where}: {what}</source>
        <translation>ซ้อมรับมือความขัดข้องที่ {where}: {what}</translation>
    </message>
    <message>
        <source>Faults cleared on all endpoints (endpoint-specific ones stay)</source>
        <translation>ล้างความขัดข้องของทุก endpoint แล้ว (ที่ตั้งเฉพาะ endpoint ยังคงอยู่)</translation>
    </message>
    <message>
        <source>{endpoint} follows the all-endpoints settings again</source>
        <translation>{endpoint} กลับมาใช้การตั้งค่าของทุก endpoint แล้ว</translation>
    </message>
    <message>
        <source>⚠ Faults on</source>
        <translation>⚠ เปิดความขัดข้องจำลองอยู่</translation>
    </message>
    <message>
        <source>✓ No faults</source>
        <translation>✓ ไม่มีความขัดข้อง</translation>
    </message>
    <message>
        <source>The local sandbox answers like SCB on a good day.</source>
        <translation>แซนด์บ็อกซ์ในเครื่องตอบเหมือน SCB ในวันที่ทุกอย่างราบรื่น</translation>
    </message>
    <message>
        <source>no faults</source>
        <translation>ไม่มีความขัดข้อง</translation>
    </message>
    <message>
        <source>Every SCB endpoint, unless it has settings of its own.</source>
        <translation>ทุก endpoint ของ SCB ยกเว้นที่มีการตั้งค่าของตัวเอง</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>ล้าง</translation>
    </message>
    <message>
        <source>Clear the all-endpoints settings</source>
        <translation>ล้างการตั้งค่าของทุก endpoint</translation>
    </message>
    <message>
        <source>Apply to all endpoints</source>
        <translation>ใช้กับทุก endpoint</translation>
    </message>
    <message>
        <source>{endpoint} has settings of its own: they replace the all-endpoints ones.</source>
        <translation>{endpoint} มีการตั้งค่าของตัวเอง ซึ่งใช้แทนการตั้งค่าของทุก endpoint</translation>
    </message>
    <message>
        <source>{endpoint} follows the all-endpoints settings (shown).</source>
        <translation>{endpoint} ใช้การตั้งค่าของทุก endpoint (ที่แสดงอยู่)</translation>
    </message>
    <message>
        <source>Follow all</source>
        <translation>ใช้ค่าของทุก endpoint</translation>
    </message>
    <message>
        <source>Drop {endpoint}&apos;s own settings: it follows the all-endpoints settings again</source>
        <translation>ลบการตั้งค่าเฉพาะของ {endpoint} ให้กลับไปใช้การตั้งค่าของทุก endpoint</translation>
    </message>
    <message>
        <source>Apply to {endpoint}</source>
        <translation>ใช้กับ {endpoint}</translation>
    </message>
</context>
<context>
    <name>FlowWizard</name>
    <message>
        <source>Server token</source>
        <extracomment>Task labels (the bridge&apos;s) and exchange-log step names, per wizard step. Each step&apos;s title and subtitle (English, marked for translation: see :func:`step_title`).</extracomment>
        <translation>โทเค็นเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>2-legged, the app alone</source>
        <translation>แบบ 2-legged เฉพาะแอป</translation>
    </message>
    <message>
        <source>Authorize</source>
        <translation>ขออนุญาต</translation>
    </message>
    <message>
        <source>Deeplink and QR code</source>
        <translation>ดีปลิงก์และคิวอาร์โค้ด</translation>
    </message>
    <message>
        <source>Receive the code</source>
        <translation>รับรหัส</translation>
    </message>
    <message>
        <source>Redirect; 60 s to use it</source>
        <translation>รีไดเรกต์ มีเวลาใช้ 60 วินาที</translation>
    </message>
    <message>
        <source>Exchange the code</source>
        <translation>แลกรหัส</translation>
    </message>
    <message>
        <source>Code → user tokens</source>
        <translation>รหัส → โทเค็นผู้ใช้</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>รีเฟรช</translation>
    </message>
    <message>
        <source>New access token</source>
        <translation>access token ใหม่</translation>
    </message>
    <message>
        <source>Customer profile</source>
        <translation>โปรไฟล์ลูกค้า</translation>
    </message>
    <message>
        <source>Prove the token works</source>
        <translation>พิสูจน์ว่าโทเค็นใช้ได้</translation>
    </message>
    <message>
        <source>POST /v1/oauth/token with the API key and secret. The server token (30 minutes) calls APIs on the app&apos;s own behalf; no customer is involved.</source>
        <translation>POST /v1/oauth/token ด้วย API key และ API secret โทเค็นเซิร์ฟเวอร์ (30 นาที) ใช้เรียก API ในนามของแอปเอง โดยไม่เกี่ยวกับลูกค้า</translation>
    </message>
    <message>
        <source>GET /v2/oauth/authorize returns a deeplink that opens SCB Easy&apos;s sign-in and consent page. Scan the QR code with the SCB Easy (simulator) app, or open the link.</source>
        <translation>GET /v2/oauth/authorize ตอบกลับเป็นดีปลิงก์ที่เปิดหน้าเข้าสู่ระบบและให้ความยินยอมของ SCB Easy สแกนคิวอาร์โค้ดด้วยแอป SCB Easy (ตัวจำลอง) หรือเปิดลิงก์</translation>
    </message>
    <message>
        <source>After the customer consents, SCB Easy redirects to your callback URL with code, state and status. The console&apos;s loopback receiver catches it, or paste the redirect here. The code expires after 1 minute.</source>
        <translation>หลังลูกค้าให้ความยินยอม SCB Easy จะรีไดเรกต์ไปที่ callback URL ของคุณพร้อม code, state และ status ตัวรับ loopback ของคอนโซลจะรับไว้ หรือวางรีไดเรกต์ที่นี่ รหัสจะหมดอายุใน 1 นาที</translation>
    </message>
    <message>
        <source>POST /v1/oauth/token with the authorization code: SCB answers with an access token (30 minutes), a refresh token (60 minutes) and the customer&apos;s resourceOwnerId.</source>
        <translation>POST /v1/oauth/token ด้วยรหัสอนุญาต: SCB ตอบกลับด้วย access token (30 นาที), refresh token (60 นาที) และ resourceOwnerId ของลูกค้า</translation>
    </message>
    <message>
        <source>POST /v1/oauth/token/refresh with the refresh token returns a new access token with the same access rights, without asking the customer again.</source>
        <translation>POST /v1/oauth/token/refresh ด้วย refresh token จะได้ access token ใหม่ที่มีสิทธิ์เท่าเดิม โดยไม่ต้องถามลูกค้าอีก</translation>
    </message>
    <message>
        <source>GET /v2/customers/profile with the user&apos;s access token and resourceOwnerId: a call that proves the token works.</source>
        <translation>GET /v2/customers/profile ด้วย access token ของผู้ใช้และ resourceOwnerId เป็นการเรียกที่พิสูจน์ว่าโทเค็นใช้งานได้</translation>
    </message>
    <message>
        <source>No answer · {ms} ms</source>
        <translation>ไม่มีคำตอบ · {ms} มิลลิวินาที</translation>
    </message>
    <message>
        <source>error: {error}</source>
        <translation>ข้อผิดพลาด: {error}</translation>
    </message>
    <message>
        <source>Steps of the flow</source>
        <extracomment>Item data role holding a step&apos;s subtitle. Looks kept at most (7 steps, a status or two each; ~45 KB each); the cache starts over past it. ``(step)``: the page shown changed. A one-line message for the status bar. A code&apos;s validity window, for the token timeline: ``(label, start_mono, end_mono)``. The auto-refresh setting changed (the box or the margin): read :meth:`auto_refresh_setting`. What each row of the step list shows now (icon, accessible text): a row is set again only when that changes, since every set repaints the list (some 80 times a flow). Opens a URL in the browser (tests replace it). Phone demo (LAN mode): the sandbox&apos;s root URL on the LAN, or None (off). The last flow event shown in the status corner (redrawn on a language change). The received code&apos;s deadline, for the code ring (its page may come later). Auto-refresh on, and its margin in seconds (the Refresh page shows them when built). Banners for pages not built yet: ``(text, action)``, shown when the page is.</extracomment>
        <translation>ขั้นตอนของโฟลว์</translation>
    </message>
    <message>
        <source>Flow status</source>
        <translation>สถานะโฟลว์</translation>
    </message>
    <message>
        <source>Get server token</source>
        <extracomment>The pages built so far (see the module); :meth:`page` builds one.</extracomment>
        <translation>ขอโทเค็นเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Send POST /v1/oauth/token with the key and secret</source>
        <translation>ส่ง POST /v1/oauth/token ด้วย API key และ API secret</translation>
    </message>
    <message>
        <source>Server token: time left</source>
        <translation>โทเค็นเซิร์ฟเวอร์: เวลาที่เหลือ</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Access token</translation>
    </message>
    <message>
        <source>Token type</source>
        <translation>ประเภทโทเค็น</translation>
    </message>
    <message>
        <source>Expires in</source>
        <translation>หมดอายุใน</translation>
    </message>
    <message>
        <source>Get authorize link</source>
        <translation>ขอลิงก์ขออนุญาต</translation>
    </message>
    <message>
        <source>Send GET /v2/oauth/authorize with a fresh random state</source>
        <translation>ส่ง GET /v2/oauth/authorize พร้อม state สุ่มค่าใหม่</translation>
    </message>
    <message>
        <source>Test customer</source>
        <translation>ลูกค้าทดสอบ</translation>
    </message>
    <message>
        <source>The local sandbox&apos;s test customer who approves</source>
        <translation>ลูกค้าทดสอบของแซนด์บ็อกซ์ในเครื่องที่จะเป็นผู้อนุมัติ</translation>
    </message>
    <message>
        <source>Simulate approval</source>
        <translation>จำลองการอนุมัติ</translation>
    </message>
    <message>
        <source>Approve as the chosen test customer through the sandbox&apos;s approve endpoint; the redirect then arrives at the loopback receiver, as from a phone</source>
        <translation>อนุมัติในนามลูกค้าทดสอบที่เลือกผ่าน endpoint approve ของแซนด์บ็อกซ์ จากนั้นรีไดเรกต์จะมาถึงตัวรับ loopback เหมือนมาจากโทรศัพท์</translation>
    </message>
    <message>
        <source>Open consent page</source>
        <translation>เปิดหน้าให้ความยินยอม</translation>
    </message>
    <message>
        <source>Open the local sandbox&apos;s SCB Easy simulator page for this sign-in in the browser</source>
        <translation>เปิดหน้าจำลอง SCB Easy ของแซนด์บ็อกซ์ในเครื่องสำหรับการเข้าสู่ระบบครั้งนี้ในเบราว์เซอร์</translation>
    </message>
    <message>
        <source>The deeplink&apos;s QR code appears here</source>
        <translation>คิวอาร์โค้ดของดีปลิงก์จะแสดงที่นี่</translation>
    </message>
    <message>
        <source>Deeplink</source>
        <translation>ดีปลิงก์</translation>
    </message>
    <message>
        <source>The authorize deeplink (callbackUrl in SCB&apos;s answer): it opens SCB Easy&apos;s sign-in</source>
        <translation>ดีปลิงก์ขออนุญาต (callbackUrl ในคำตอบของ SCB) ใช้เปิดหน้าเข้าสู่ระบบของ SCB Easy</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>คัดลอก</translation>
    </message>
    <message>
        <source>Copy the deeplink (Ctrl+Shift+C)</source>
        <translation>คัดลอกดีปลิงก์ (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Copy deeplink</source>
        <translation>คัดลอกดีปลิงก์</translation>
    </message>
    <message>
        <source>Or paste the redirect URL, its query string, or the code</source>
        <translation>หรือวาง URL รีไดเรกต์ คิวรีสตริง หรือรหัส</translation>
    </message>
    <message>
        <source>Redirect URL or code</source>
        <translation>URL รีไดเรกต์หรือรหัส</translation>
    </message>
    <message>
        <source>When the redirect went elsewhere (your own callback URL, a phone), paste the whole redirect URL, its query string or just the code</source>
        <translation>หากรีไดเรกต์ไปที่อื่น (callback URL ของคุณเอง หรือโทรศัพท์) ให้วาง URL รีไดเรกต์ทั้งหมด คิวรีสตริง หรือเฉพาะรหัส</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>ใช้</translation>
    </message>
    <message>
        <source>Take the pasted redirect or code</source>
        <translation>ใช้รีไดเรกต์หรือรหัสที่วาง</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>ตัวรับ</translation>
    </message>
    <message>
        <source>Expected state</source>
        <translation>state ที่คาดไว้</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>รหัส</translation>
    </message>
    <message>
        <source>Partner pairs</source>
        <translation>คู่คิวรีพาร์ทเนอร์</translation>
    </message>
    <message>
        <source>The console&apos;s loopback receiver: the callback URL to register</source>
        <translation>ตัวรับ loopback ของคอนโซล: callback URL ที่ต้องลงทะเบียน</translation>
    </message>
    <message>
        <source>The random state sent on authorize; the redirect must carry it back (it protects against forged redirects)</source>
        <translation>state สุ่มที่ส่งไปตอน authorize รีไดเรกต์ต้องส่งค่านี้กลับมา (ป้องกันรีไดเรกต์ปลอม)</translation>
    </message>
    <message>
        <source>The authorization code (masked): single use, 60 seconds</source>
        <translation>รหัสอนุญาต (ปิดบังไว้): ใช้ได้ครั้งเดียว ภายใน 60 วินาที</translation>
    </message>
    <message>
        <source>Your own query pairs, echoed back on the redirect</source>
        <translation>คู่คิวรีของคุณเอง ที่ถูกส่งกลับมาในรีไดเรกต์</translation>
    </message>
    <message>
        <source>code expired</source>
        <translation>รหัสหมดอายุ</translation>
    </message>
    <message>
        <source>Start again at step 1</source>
        <translation>เริ่มใหม่ที่ขั้นที่ 1</translation>
    </message>
    <message>
        <source>Ask for a new deeplink (authorize again)</source>
        <translation>ขอดีปลิงก์ใหม่ (ขออนุญาตใหม่)</translation>
    </message>
    <message>
        <source>Exchange now →</source>
        <translation>แลกเลย →</translation>
    </message>
    <message>
        <source>Go to step 3 (Ctrl+Enter)</source>
        <translation>ไปขั้นที่ 3 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Access token: time left</source>
        <translation>Access token: เวลาที่เหลือ</translation>
    </message>
    <message>
        <source>Refresh token: time left</source>
        <translation>Refresh token: เวลาที่เหลือ</translation>
    </message>
    <message>
        <source>Exchange code for tokens</source>
        <translation>แลกรหัสเป็นโทเค็น</translation>
    </message>
    <message>
        <source>Send POST /v1/oauth/token with the authorization code</source>
        <translation>ส่ง POST /v1/oauth/token พร้อมรหัสอนุญาต</translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation>Refresh token</translation>
    </message>
    <message>
        <source>The customer&apos;s id from the resourceOwnerId response header; customer APIs send it back</source>
        <translation>รหัสลูกค้าจากเฮดเดอร์ resourceOwnerId ของคำตอบ API ของลูกค้าต้องส่งค่านี้กลับไป</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>รีเฟรชเดี๋ยวนี้</translation>
    </message>
    <message>
        <source>Send POST /v1/oauth/token/refresh with the refresh token</source>
        <translation>ส่ง POST /v1/oauth/token/refresh พร้อม refresh token</translation>
    </message>
    <message>
        <source>Refresh automatically</source>
        <translation>รีเฟรชอัตโนมัติ</translation>
    </message>
    <message>
        <source>Refresh the access token by itself, this many seconds before it expires (the same request as Refresh now)</source>
        <translation>รีเฟรช access token เองก่อนหมดอายุตามจำนวนวินาทีนี้ (คำขอเดียวกับ &quot;รีเฟรชเดี๋ยวนี้&quot;)</translation>
    </message>
    <message>
        <source> s early</source>
        <translation> วินาทีก่อนหมดอายุ</translation>
    </message>
    <message>
        <source>Auto-refresh margin in seconds</source>
        <translation>ระยะเผื่อของการรีเฟรชอัตโนมัติ (วินาที)</translation>
    </message>
    <message>
        <source>How many seconds before expiry auto-refresh asks</source>
        <translation>จำนวนวินาทีก่อนหมดอายุที่การรีเฟรชอัตโนมัติจะส่งคำขอ</translation>
    </message>
    <message>
        <source>No refresh yet.</source>
        <translation>ยังไม่ได้รีเฟรช</translation>
    </message>
    <message>
        <source>Call customer profile</source>
        <translation>เรียกโปรไฟล์ลูกค้า</translation>
    </message>
    <message>
        <source>Send GET /v2/customers/profile with the user token</source>
        <translation>ส่ง GET /v2/customers/profile ด้วยโทเค็นผู้ใช้</translation>
    </message>
    <message>
        <source>Name in Thai</source>
        <translation>ชื่อภาษาไทย</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>ชื่อภาษาอังกฤษ</translation>
    </message>
    <message>
        <source>Citizen ID</source>
        <translation>เลขประจำตัวประชาชน</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>วันเกิด</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>เบอร์มือถือ</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>อีเมล</translation>
    </message>
    <message>
        <source>&lt;b&gt;No profile&lt;/b&gt;&lt;br&gt;Pick or add one under Credentials</source>
        <translation>&lt;b&gt;ไม่มีโปรไฟล์&lt;/b&gt;&lt;br&gt;เลือกหรือเพิ่มโปรไฟล์ในแผงข้อมูลรับรอง</translation>
    </message>
    <message>
        <source>&lt;b&gt;{state}&lt;/b&gt;&lt;br&gt;Start with step 0, or with Authorize for a customer&apos;s token</source>
        <translation>&lt;b&gt;{state}&lt;/b&gt;&lt;br&gt;เริ่มที่ขั้นที่ 0 หรือเริ่มที่ &quot;ขออนุญาต&quot; เพื่อรับโทเค็นของลูกค้า</translation>
    </message>
    <message>
        <source>Test customer {id}</source>
        <translation>ลูกค้าทดสอบ {id}</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>คัดลอกแล้ว</translation>
    </message>
    <message>
        <source>Deeplink copied</source>
        <translation>คัดลอกดีปลิงก์แล้ว</translation>
    </message>
    <message>
        <source>nothing to approve: get an authorize link from the local sandbox</source>
        <translation>ไม่มีรายการให้อนุมัติ: ขอลิงก์ขออนุญาตจากแซนด์บ็อกซ์ในเครื่องก่อน</translation>
    </message>
    <message>
        <source>the sandbox did not answer the approval: {error}</source>
        <translation>แซนด์บ็อกซ์ไม่ตอบการอนุมัติ: {error}</translation>
    </message>
    <message>
        <source>the sandbox refused the approval (HTTP {status}): {text}</source>
        <translation>แซนด์บ็อกซ์ปฏิเสธการอนุมัติ (HTTP {status}): {text}</translation>
    </message>
    <message>
        <source>the sandbox&apos;s approval answer has no redirectUrl</source>
        <translation>คำตอบการอนุมัติของแซนด์บ็อกซ์ไม่มี redirectUrl</translation>
    </message>
    <message>
        <source>the loopback receiver did not answer: {error}</source>
        <translation>ตัวรับ loopback ไม่ตอบ: {error}</translation>
    </message>
    <message>
        <source>the receiver refused the redirect (HTTP {status})</source>
        <translation>ตัวรับปฏิเสธรีไดเรกต์ (HTTP {status})</translation>
    </message>
    <message>
        <source>No profile is selected</source>
        <translation>ยังไม่ได้เลือกโปรไฟล์</translation>
    </message>
    <message>
        <source>no user token yet: walk steps 1 to 3 first</source>
        <translation>ยังไม่มีโทเค็นผู้ใช้: ทำขั้นที่ 1 ถึง 3 ก่อน</translation>
    </message>
    <message>
        <source>Authorize again</source>
        <translation>ขออนุญาตใหม่</translation>
    </message>
    <message>
        <source>{type} · expiresIn {seconds} s ({duration})</source>
        <translation>{type} · expiresIn {seconds} วินาที ({duration})</translation>
    </message>
    <message>
        <source>requestUId {uid}. The full answer (masked) is under Answer.</source>
        <translation>requestUId {uid} ดูคำตอบฉบับเต็ม (ปิดบังข้อมูลลับ) ได้ที่แท็บคำตอบ</translation>
    </message>
    <message>
        <source>code {code}</source>
        <translation>รหัส {code}</translation>
    </message>
    <message>
        <source>Code expired: start again at step 1.</source>
        <translation>รหัสหมดอายุ: เริ่มใหม่ที่ขั้นที่ 1</translation>
    </message>
    <message>
        <source>The loopback receiver is not listening ({error}); paste the redirect</source>
        <translation>ตัวรับ loopback ไม่ได้รอรับ ({error}) โปรดวางรีไดเรกต์เอง</translation>
    </message>
    <message>
        <source>{count} refreshes so far; the last replaced token {uid}</source>
        <translation>รีเฟรชแล้ว {count} ครั้ง ครั้งล่าสุดแทนที่โทเค็น {uid}</translation>
    </message>
    <message>
        <source>1 refresh so far; the last replaced token {uid}</source>
        <translation>รีเฟรชแล้ว 1 ครั้ง ครั้งล่าสุดแทนที่โทเค็น {uid}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Phone demo (LAN mode)&lt;/b&gt;: a phone on this network scans this code and opens the consent page on &lt;b&gt;{where}&lt;/b&gt;.&lt;br&gt;The deeplink below is what SCB Easy would open.</source>
        <translation>&lt;b&gt;สาธิตบนโทรศัพท์ (โหมด LAN)&lt;/b&gt;: โทรศัพท์ในเครือข่ายนี้สแกนโค้ดนี้เพื่อเปิดหน้าให้ความยินยอมที่ &lt;b&gt;{where}&lt;/b&gt;&lt;br&gt;ดีปลิงก์ด้านล่างคือสิ่งที่ SCB Easy จะเปิด</translation>
    </message>
    <message>
        <source>Phone demo: the QR code opens {url}</source>
        <translation>สาธิตบนโทรศัพท์: คิวอาร์โค้ดเปิด {url}</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>ไม่ได้รอรับ</translation>
    </message>
    <message>
        <source>— ({problem}: paste the redirect)</source>
        <translation>— ({problem}: โปรดวางรีไดเรกต์เอง)</translation>
    </message>
    <message>
        <source>— (spent: a code is single use)</source>
        <translation>— (ใช้ไปแล้ว: รหัสใช้ได้ครั้งเดียว)</translation>
    </message>
    <message>
        <source>— (receive one in step 2)</source>
        <translation>— (รับรหัสในขั้นที่ 2)</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ล้มเหลว</translation>
    </message>
    <message>
        <source>done</source>
        <translation>เสร็จแล้ว</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>ยังไม่ได้ทำ</translation>
    </message>
    <message>
        <source>Step {number}: {title}, {state}</source>
        <translation>ขั้นที่ {number}: {title}, {state}</translation>
    </message>
    <message>
        <source>Select a profile first.</source>
        <translation>โปรดเลือกโปรไฟล์ก่อน</translation>
    </message>
    <message>
        <source>Secrets are masked. Each request is sent with a fresh requestUId.</source>
        <translation>ข้อมูลลับถูกปิดบัง ทุกคำขอจะส่งพร้อม requestUId ใหม่</translation>
    </message>
    <message>
        <source>Exactly this request (this requestUId) is sent. Secrets are masked.</source>
        <translation>คำขอนี้ (requestUId นี้) จะถูกส่งตามที่แสดงทุกประการ ข้อมูลลับถูกปิดบัง</translation>
    </message>
    <message>
        <source>A fresh random state is sent, and must come back on the redirect.</source>
        <translation>จะส่ง state สุ่มค่าใหม่ ซึ่งต้องกลับมาพร้อมรีไดเรกต์</translation>
    </message>
    <message>
        <source>Needs an authorization code (step 2).</source>
        <translation>ต้องมีรหัสอนุญาต (ขั้นที่ 2)</translation>
    </message>
    <message>
        <source>Needs a refresh token (step 3).</source>
        <translation>ต้องมี refresh token (ขั้นที่ 3)</translation>
    </message>
    <message>
        <source>Needs a user access token (step 3).</source>
        <translation>ต้องมี access token ของผู้ใช้ (ขั้นที่ 3)</translation>
    </message>
    <message>
        <source>Cannot build the request: {error}</source>
        <translation>สร้างคำขอไม่ได้: {error}</translation>
    </message>
    <message>
        <source>The code was exchanged for tokens.</source>
        <translation>แลกรหัสเป็นโทเค็นแล้ว</translation>
    </message>
    <message>
        <source>Waiting for authorize (step 1).</source>
        <translation>รอการขออนุญาต (ขั้นที่ 1)</translation>
    </message>
    <message>
        <source>Waiting for the customer to approve in SCB Easy…</source>
        <translation>รอลูกค้าอนุมัติใน SCB Easy…</translation>
    </message>
    <message>
        <source>Code received. Exchange it before the ring runs out.</source>
        <translation>ได้รับรหัสแล้ว แลกรหัสก่อนวงแหวนนับถอยหลังหมด</translation>
    </message>
    <message>
        <source>Exchanging the code…</source>
        <translation>กำลังแลกรหัส…</translation>
    </message>
    <message>
        <source>Code expired, start again at step 1.</source>
        <translation>รหัสหมดอายุ เริ่มใหม่ที่ขั้นที่ 1</translation>
    </message>
    <message>
        <source>The customer denied the request: authorize again.</source>
        <translation>ลูกค้าปฏิเสธคำขอ: ขออนุญาตใหม่</translation>
    </message>
    <message>
        <source>The last request failed: see the message above.</source>
        <translation>คำขอล่าสุดล้มเหลว: ดูข้อความด้านบน</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>ยกเลิกแล้ว</translation>
    </message>
    <message>
        <source>The refresh token is dead: authorize again.</source>
        <translation>refresh token ใช้ไม่ได้แล้ว: ขออนุญาตใหม่</translation>
    </message>
</context>
<context>
    <name>LanIndicator</name>
    <message>
        <source>⚠ LAN mode on: {address}</source>
        <translation>⚠ เปิดโหมด LAN: {address}</translation>
    </message>
    <message>
        <source>Phone demo: the sandbox&apos;s consent page is reachable from the network on {url}. Switch it off under Tools › Phone demo (LAN mode).</source>
        <translation>สาธิตบนโทรศัพท์: หน้าให้ความยินยอมของแซนด์บ็อกซ์เข้าถึงได้จากเครือข่ายที่ {url} ปิดได้ที่ เครื่องมือ › สาธิตบนโทรศัพท์ (โหมด LAN)</translation>
    </message>
    <message>
        <source>LAN mode on: {address}</source>
        <translation>เปิดโหมด LAN: {address}</translation>
    </message>
</context>
<context>
    <name>LanMode</name>
    <message>
        <source>The phone demo needs the local sandbox, which is not running</source>
        <extracomment>On (True) or off (False), after every change (and after a refused switch-on: False). What an approval on a phone carried (a RedirectParams), on the GUI thread. A one-line message for the status bar. From the sandbox thread to the GUI thread (queued): the redirect URL. Lists the addresses to offer (tests replace it: they never touch a real interface). Asks before switching on (tests replace it).</extracomment>
        <translation>การสาธิตบนโทรศัพท์ต้องใช้แซนด์บ็อกซ์ในเครื่อง ซึ่งไม่ได้ทำงานอยู่</translation>
    </message>
    <message>
        <source>LAN mode stays off: {error}</source>
        <translation>โหมด LAN ยังปิดอยู่: {error}</translation>
    </message>
    <message>
        <source>LAN mode on: phones on this network reach the consent page at {url}. Scan the QR code of step 1.</source>
        <translation>เปิดโหมด LAN แล้ว: โทรศัพท์ในเครือข่ายนี้เข้าหน้าให้ความยินยอมได้ที่ {url} สแกนคิวอาร์โค้ดในขั้นที่ 1</translation>
    </message>
    <message>
        <source>LAN mode off: the consent page answers on this machine only</source>
        <translation>ปิดโหมด LAN แล้ว: หน้าให้ความยินยอมตอบเฉพาะบนเครื่องนี้</translation>
    </message>
    <message>
        <source>The phone&apos;s approval could not be used: {error}</source>
        <translation>ใช้การอนุมัติจากโทรศัพท์ไม่ได้: {error}</translation>
    </message>
</context>
<context>
    <name>LanModeDialog</name>
    <message>
        <source>Switch the phone demo (LAN mode) on?</source>
        <extracomment>Asks the user to confirm LAN mode: gets the candidate addresses (best first), returns the address chosen, or None (cancelled). Lists the machine&apos;s addresses to offer (best first). The dialog&apos;s warning (English, marked for translation; shown in the interface language).</extracomment>
        <translation>เปิดการสาธิตบนโทรศัพท์ (โหมด LAN) หรือไม่</translation>
    </message>
    <message>
        <source>The local sandbox&apos;s sign-in and consent page becomes reachable from the network: anyone on this network (the meeting room&apos;s Wi-Fi, the office LAN) who has the QR code&apos;s address can open it and approve or decline the sign-in.</source>
        <translation>หน้าเข้าสู่ระบบและให้ความยินยอมของแซนด์บ็อกซ์ในเครื่องจะเข้าถึงได้จากเครือข่าย ใครก็ตามในเครือข่ายนี้ (Wi-Fi ห้องประชุม, LAN ของสำนักงาน) ที่มีที่อยู่ในคิวอาร์โค้ด สามารถเปิดหน้านี้แล้วอนุมัติหรือปฏิเสธการเข้าสู่ระบบได้</translation>
    </message>
    <message>
        <source>Only the consent page is served on the network; the sandbox&apos;s API, its faults and its journal stay on this machine. The customers and PINs are fictional. Use it on a network you trust, and switch it off after the demo (Tools › Phone demo).</source>
        <translation>เปิดให้เข้าถึงจากเครือข่ายเฉพาะหน้าให้ความยินยอม ส่วน API ความขัดข้องจำลอง และบันทึกของแซนด์บ็อกซ์ยังอยู่บนเครื่องนี้เท่านั้น ลูกค้าและ PIN เป็นข้อมูลสมมติ ใช้บนเครือข่ายที่ไว้ใจได้ และปิดหลังการสาธิต (เครื่องมือ › สาธิตบนโทรศัพท์)</translation>
    </message>
    <message>
        <source>Phone demo (LAN mode)</source>
        <translation>สาธิตบนโทรศัพท์ (โหมด LAN)</translation>
    </message>
    <message>
        <source>Address phones reach this machine on</source>
        <translation>ที่อยู่ที่โทรศัพท์ใช้เข้าถึงเครื่องนี้</translation>
    </message>
    <message>
        <source>The address of this machine on the network the phones are on. The first one is the interface of the default route; type another if phones use a different one.</source>
        <translation>ที่อยู่ของเครื่องนี้บนเครือข่ายเดียวกับโทรศัพท์ รายการแรกคืออินเทอร์เฟซของเส้นทางหลัก (default route) พิมพ์ที่อยู่อื่นหากโทรศัพท์ใช้เครือข่ายอื่น</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.20</source>
        <translation>เช่น 192.168.1.20</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.20 (see your network settings)</source>
        <translation>เช่น 192.168.1.20 (ดูในการตั้งค่าเครือข่าย)</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>รอรับที่</translation>
    </message>
    <message>
        <source>Switch LAN mode on</source>
        <translation>เปิดโหมด LAN</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Flow</source>
        <extracomment>How long a status-bar message stays (ms). From this many exchanges on, the support report is built and written on a worker thread. Imported on a thread when the File menu opens (its Export support report… needs them). Emitted once the window has closed (the app then shuts the services down). Emitted once everything is up: the services, the profile activated, every deferred part built (see :meth:`is_ready`). The first paint was seen (what follows it is then scheduled). The window carries the stylesheet (the application has none: see _build), for a dark palette or not. The window&apos;s own texts, re-applied when the interface language changes. The profile shown while the services still start (activated once they are up). What the first frame does not show, built after it in this order (see the module). (one piece per turn of the event loop, so the window keeps answering meanwhile) The sandbox&apos;s faults when the window opened: the Fault rehearsal dock is built when they change (its status-bar indicator must say so), when asked for, or after the first frame when it was open last time or faults are already on (--sandbox-fault).</extracomment>
        <translation>โฟลว์</translation>
    </message>
    <message>
        <source>Walk the server token and the 3-legged flow, step by step</source>
        <translation>ทำตามขั้นตอนโทเค็นเซิร์ฟเวอร์และโฟลว์ 3-legged ทีละขั้น</translation>
    </message>
    <message>
        <source>Every token of this session: state, both clocks, timeline</source>
        <translation>โทเค็นทั้งหมดของเซสชันนี้: สถานะ นาฬิกาทั้งสองฝั่ง และไทม์ไลน์</translation>
    </message>
    <message>
        <source>Token check</source>
        <translation>ตรวจโทเค็น</translation>
    </message>
    <message>
        <source>Paste what a partner sent (token, token response, HAR) and see what is wrong</source>
        <translation>วางสิ่งที่พาร์ทเนอร์ส่งมา (โทเค็น คำตอบโทเค็น หรือ HAR) แล้วดูว่าผิดพลาดตรงไหน</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>ข้อมูลรับรอง</translation>
    </message>
    <message>
        <source>Exchange log</source>
        <translation>บันทึกการรับส่ง</translation>
    </message>
    <message>
        <source>Fault rehearsal</source>
        <translation>ซ้อมรับมือความขัดข้อง</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ไ&amp;ฟล์</translation>
    </message>
    <message>
        <source>Export support report…</source>
        <translation>ส่งออกรายงานสำหรับฝ่ายสนับสนุน…</translation>
    </message>
    <message>
        <source>Save this session (timeline, requestUIds, tokens, clocks) as one masked HTML or Markdown file for a support ticket</source>
        <translation>บันทึกเซสชันนี้ (ไทม์ไลน์ requestUId โทเค็น และนาฬิกา) เป็นไฟล์ HTML หรือ Markdown ไฟล์เดียวที่ปิดบังข้อมูลลับแล้ว สำหรับแนบในคำขอความช่วยเหลือ</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;ออก</translation>
    </message>
    <message>
        <source>F&amp;low</source>
        <translation>โ&amp;ฟลว์</translation>
    </message>
    <message>
        <source>Next step / send</source>
        <translation>ขั้นถัดไป / ส่ง</translation>
    </message>
    <message>
        <source>Copy current (deeplink or curl)</source>
        <translation>คัดลอกรายการปัจจุบัน (ดีปลิงก์หรือ curl)</translation>
    </message>
    <message>
        <source>Start the 3-legged flow again</source>
        <translation>เริ่มโฟลว์ 3-legged ใหม่</translation>
    </message>
    <message>
        <source>Play demo (autopilot)</source>
        <translation>เล่นการสาธิต (อัตโนมัติ)</translation>
    </message>
    <message>
        <source>Play the whole flow by itself on the local sandbox, with captions</source>
        <translation>เล่นโฟลว์ทั้งหมดเองบนแซนด์บ็อกซ์ในเครื่อง พร้อมคำบรรยาย</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;มุมมอง</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>โทเค็น</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>รีเซ็ตการจัดวาง</translation>
    </message>
    <message>
        <source>Presentation mode</source>
        <translation>โหมดนำเสนอ</translation>
    </message>
    <message>
        <source>Large type, every secret hidden, for a room</source>
        <translation>ตัวอักษรใหญ่ ซ่อนข้อมูลลับทั้งหมด สำหรับนำเสนอในห้องประชุม</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>เ&amp;ครื่องมือ</translation>
    </message>
    <message>
        <source>Fault rehearsal…</source>
        <translation>ซ้อมรับมือความขัดข้อง…</translation>
    </message>
    <message>
        <source>Make the local sandbox slow, down or strange, on purpose</source>
        <translation>ทำให้แซนด์บ็อกซ์ในเครื่องช้า ล่ม หรือผิดปกติโดยตั้งใจ</translation>
    </message>
    <message>
        <source>Phone demo (LAN mode)</source>
        <translation>สาธิตบนโทรศัพท์ (โหมด LAN)</translation>
    </message>
    <message>
        <source>Let a phone on this network scan the QR code and approve (asks first)</source>
        <translation>ให้โทรศัพท์ในเครือข่ายนี้สแกนคิวอาร์โค้ดและอนุมัติได้ (จะถามก่อน)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;ช่วยเหลือ</translation>
    </message>
    <message>
        <source>&amp;About SCB Console</source>
        <translation>เ&amp;กี่ยวกับ SCB Console</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>&amp;รูปลักษณ์</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>ตามระบบ</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>สว่าง</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>มืด</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;ภาษา</translation>
    </message>
    <message>
        <source>Buddhist-era years (B.E.)</source>
        <translation>แสดงปีเป็นพุทธศักราช (พ.ศ.)</translation>
    </message>
    <message>
        <source>Show years as Thai users write them: 2026 CE is B.E. 2569</source>
        <translation>แสดงปีแบบที่ผู้ใช้ชาวไทยคุ้นเคย: ค.ศ. 2026 คือ พ.ศ. 2569</translation>
    </message>
    <message>
        <source>Request in progress</source>
        <translation>กำลังส่งคำขอ</translation>
    </message>
    <message>
        <source>The active profile</source>
        <translation>โปรไฟล์ที่ใช้งานอยู่</translation>
    </message>
    <message>
        <source>Where requests go</source>
        <translation>ปลายทางของคำขอ</translation>
    </message>
    <message>
        <source>The server&apos;s Date header minus the local clock, from the last token response. Countdowns use the local monotonic clock either way.</source>
        <translation>เวลาในเฮดเดอร์ Date ของเซิร์ฟเวอร์ลบด้วยนาฬิกาเครื่องนี้ จากคำตอบโทเค็นล่าสุด การนับถอยหลังใช้นาฬิกา monotonic ของเครื่องนี้เสมอ</translation>
    </message>
    <message>
        <source>API secrets are kept in {where}</source>
        <translation>API secret เก็บไว้ใน {where}</translation>
    </message>
    <message>
        <source>⚠ Secrets: this session only</source>
        <translation>⚠ ข้อมูลลับ: เฉพาะเซสชันนี้</translation>
    </message>
    <message>
        <source>No usable OS keyring: {why}</source>
        <translation>ไม่มีคีย์ริงของระบบที่ใช้ได้: {why}</translation>
    </message>
    <message>
        <source>No profile</source>
        <translation>ไม่มีโปรไฟล์</translation>
    </message>
    <message>
        <source>Profile: {name}</source>
        <translation>โปรไฟล์: {name}</translation>
    </message>
    <message>
        <source>Environment: {name}</source>
        <translation>สภาพแวดล้อม: {name}</translation>
    </message>
    <message>
        <source>Clock skew: {skew} s</source>
        <translation>เวลาคลาดเคลื่อน: {skew} วินาที</translation>
    </message>
    <message>
        <source>Clock skew: —</source>
        <translation>เวลาคลาดเคลื่อน: —</translation>
    </message>
    <message>
        <source>Send to SCB production?</source>
        <translation>ส่งไปที่ระบบจริงของ SCB หรือไม่</translation>
    </message>
    <message>
        <source>Profile {name!r} sends requests to SCB production, with real customers and real credentials.</source>
        <translation>โปรไฟล์ {name!r} ส่งคำขอไปที่ระบบจริง (production) ของ SCB ซึ่งมีลูกค้าจริงและข้อมูลรับรองจริง</translation>
    </message>
    <message>
        <source>Send requests to production for the rest of this session?</source>
        <translation>ส่งคำขอไปที่ระบบจริงตลอดเซสชันนี้หรือไม่</translation>
    </message>
    <message>
        <source>Tokens ({count})</source>
        <translation>โทเค็น ({count})</translation>
    </message>
    <message>
        <source>Only the active profile&apos;s current user token can be refreshed: select its row</source>
        <translation>รีเฟรชได้เฉพาะโทเค็นผู้ใช้ปัจจุบันของโปรไฟล์ที่ใช้งานอยู่: โปรดเลือกแถวนั้น</translation>
    </message>
    <message>
        <source>Approved on a phone: exchange the code before the ring runs out</source>
        <translation>อนุมัติบนโทรศัพท์แล้ว: แลกรหัสก่อนวงแหวนนับถอยหลังหมด</translation>
    </message>
    <message>
        <source>Support report written to {path}</source>
        <translation>เขียนรายงานสำหรับฝ่ายสนับสนุนไปที่ {path} แล้ว</translation>
    </message>
</context>
<context>
    <name>PasteArea</name>
    <message>
        <source>Paste here (Ctrl+V): an access token, a token response JSON (SCB&apos;s whole answer or its data), or a HAR file&apos;s text; or drop or open a .har / .json file. What you paste is shown masked and kept only in memory.</source>
        <extracomment>Text was pasted or dropped (the raw text is in :attr:`raw`). A file was dropped (its path). The last text pasted or dropped, until the panel takes it.</extracomment>
        <translation>วางที่นี่ (Ctrl+V): access token, JSON ของคำตอบโทเค็น (คำตอบทั้งหมดของ SCB หรือเฉพาะ data) หรือข้อความของไฟล์ HAR หรือลากวางหรือเปิดไฟล์ .har / .json สิ่งที่วางจะแสดงแบบปิดบังและเก็บไว้ในหน่วยความจำเท่านั้น</translation>
    </message>
    <message>
        <source>What the partner sent (shown masked)</source>
        <translation>สิ่งที่พาร์ทเนอร์ส่งมา (แสดงแบบปิดบัง)</translation>
    </message>
</context>
<context>
    <name>PresentationMode</name>
    <message>
        <source>•••••• (hidden)</source>
        <extracomment>How much larger type is in presentation mode. The QR code&apos;s smallest side in presentation mode (logical pixels). How long a toast stays (ms). Warn this many seconds before an authorization code expires. Warn this many seconds before an access token expires. Table columns at least this wide (pixels) keep their width in presentation mode. Qt&apos;s &quot;no maximum&quot; for a widget&apos;s size.</extracomment>
        <translation>•••••• (ซ่อนไว้)</translation>
    </message>
    <message>
        <source>Turned off in presentation mode (secrets stay hidden)</source>
        <translation>ปิดไว้ในโหมดนำเสนอ (ข้อมูลลับยังถูกซ่อน)</translation>
    </message>
    <message>
        <source>The sandbox built into this console · test customers, nothing real</source>
        <translation>แซนด์บ็อกซ์ที่มากับคอนโซลนี้ · ลูกค้าทดสอบ ไม่มีข้อมูลจริง</translation>
    </message>
    <message>
        <source>SCB&apos;s shared sandbox · test data</source>
        <translation>แซนด์บ็อกซ์ส่วนกลางของ SCB · ข้อมูลทดสอบ</translation>
    </message>
    <message>
        <source>A partner&apos;s test stage before production</source>
        <translation>ระบบทดสอบของพาร์ทเนอร์ก่อนขึ้นระบบจริง</translation>
    </message>
    <message>
        <source>Real customers and real accounts</source>
        <translation>ลูกค้าจริงและบัญชีจริง</translation>
    </message>
    <message>
        <source>A custom server</source>
        <translation>เซิร์ฟเวอร์ที่กำหนดเอง</translation>
    </message>
    <message>
        <source>Presentation mode: large type, secrets hidden</source>
        <extracomment>``(on)``: the mode was turned on or off.</extracomment>
        <translation>โหมดนำเสนอ: ตัวอักษรใหญ่ ซ่อนข้อมูลลับ</translation>
    </message>
    <message>
        <source>Presentation mode is off: secrets can be revealed again</source>
        <translation>ปิดโหมดนำเสนอแล้ว: แสดงข้อมูลลับได้อีกครั้ง</translation>
    </message>
    <message>
        <source>Authorization code expires in {seconds} s</source>
        <translation>รหัสอนุญาตจะหมดอายุใน {seconds} วินาที</translation>
    </message>
    <message>
        <source>Access token expired</source>
        <translation>Access token หมดอายุแล้ว</translation>
    </message>
    <message>
        <source>Server token expired</source>
        <translation>โทเค็นเซิร์ฟเวอร์หมดอายุแล้ว</translation>
    </message>
    <message>
        <source>Access token expires in {time}</source>
        <translation>Access token จะหมดอายุใน {time}</translation>
    </message>
    <message>
        <source>Server token expires in {time}</source>
        <translation>โทเค็นเซิร์ฟเวอร์จะหมดอายุใน {time}</translation>
    </message>
    <message>
        <source>Authorization code expired</source>
        <translation>รหัสอนุญาตหมดอายุแล้ว</translation>
    </message>
    <message>
        <source>Refresh token expired: the customer signs in again</source>
        <translation>Refresh token หมดอายุแล้ว: ลูกค้าต้องเข้าสู่ระบบใหม่</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} นาที</translation>
    </message>
</context>
<context>
    <name>QrCodeWidget</name>
    <message>
        <source>The QR code of the deeplink appears here</source>
        <extracomment>Quiet zone around the symbol, in modules (the QR standard&apos;s minimum). Smallest module size (device pixels) the widget allows itself to be shrunk to. The module size the widget asks for when it has room. The QR mask pattern used (0-7), fixed so no best-mask search runs on the GUI thread.</extracomment>
        <translation>คิวอาร์โค้ดของดีปลิงก์จะแสดงที่นี่</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>คิวอาร์โค้ด</translation>
    </message>
    <message>
        <source>QR code of: {text}</source>
        <translation>คิวอาร์โค้ดของ: {text}</translation>
    </message>
    <message>
        <source>Scan with the SCB Easy app (or the sandbox simulator) to sign in</source>
        <translation>สแกนด้วยแอป SCB Easy (หรือตัวจำลองของแซนด์บ็อกซ์) เพื่อเข้าสู่ระบบ</translation>
    </message>
</context>
<context>
    <name>SecretLineEdit</name>
    <message>
        <source>Show</source>
        <translation>แสดง</translation>
    </message>
    <message>
        <source>Hold to show the secret; it hides again when released</source>
        <translation>กดค้างไว้เพื่อดูข้อมูลลับ ปล่อยแล้วจะซ่อนอีกครั้ง</translation>
    </message>
    <message>
        <source>Show API secret while pressed</source>
        <translation>แสดง API secret ขณะกดค้าง</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Welcome: the Local sandbox profile is ready; press Ctrl+Enter to start</source>
        <extracomment>Seconds the screenshot mode waits, at most, for its requests to the local sandbox. Seconds the demo and screenshot modes wait, at most, for the window to be fully ready.</extracomment>
        <translation>ยินดีต้อนรับ: โปรไฟล์แซนด์บ็อกซ์ในเครื่องพร้อมใช้งานแล้ว กด Ctrl+Enter เพื่อเริ่ม</translation>
    </message>
    <message>
        <source>Profiles not saved: {error}</source>
        <translation>ไม่ได้บันทึกโปรไฟล์: {error}</translation>
    </message>
    <message>
        <source>The demo secret could not be stored: {error}</source>
        <translation>เก็บ API secret ของการสาธิตไม่สำเร็จ: {error}</translation>
    </message>
    <message>
        <source>The local sandbox did not start: {error}</source>
        <extracomment>At most this many records are kept. A QApplication property: :func:`run_gui` made it with ``-style Fusion`` already.</extracomment>
        <translation>แซนด์บ็อกซ์ในเครื่องไม่เริ่มทำงาน: {error}</translation>
    </message>
    <message>
        <source>The redirect receiver is not listening ({problem}); paste redirects</source>
        <translation>ตัวรับรีไดเรกต์ไม่ได้รอรับ ({problem}) โปรดวางรีไดเรกต์เอง</translation>
    </message>
</context>
<context>
    <name>StepPage</name>
    <message>
        <source>Step {number} · {title}</source>
        <extracomment>The banner&apos;s action button was clicked. The share of the page&apos;s width the step&apos;s own content gets at first. The error banner, made when first shown (see :attr:`banner`).</extracomment>
        <translation>ขั้นที่ {number} · {title}</translation>
    </message>
</context>
<context>
    <name>SupportReport</name>
    <message>
        <source>Support report, HTML (*.html)</source>
        <translation>รายงานสำหรับฝ่ายสนับสนุน, HTML (*.html)</translation>
    </message>
    <message>
        <source>Support report, Markdown (*.md)</source>
        <translation>รายงานสำหรับฝ่ายสนับสนุน, Markdown (*.md)</translation>
    </message>
    <message>
        <source>Export support report</source>
        <translation>ส่งออกรายงานสำหรับฝ่ายสนับสนุน</translation>
    </message>
    <message>
        <source>The support report was written.</source>
        <translation>เขียนรายงานสำหรับฝ่ายสนับสนุนแล้ว</translation>
    </message>
    <message>
        <source>{path}

Secrets are masked; SCB Console checked that none of this session&apos;s secrets is in the file. Attach it to the support ticket.</source>
        <translation>{path}

ข้อมูลลับถูกปิดบังแล้ว SCB Console ตรวจแล้วว่าไม่มีข้อมูลลับของเซสชันนี้อยู่ในไฟล์ แนบไฟล์นี้ไปกับคำขอความช่วยเหลือได้เลย</translation>
    </message>
    <message>
        <source>The support report was not written.</source>
        <translation>ไม่ได้เขียนรายงานสำหรับฝ่ายสนับสนุน</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <source>Validity windows of codes and tokens appear here</source>
        <extracomment>Drawn greyed even while still valid (a token superseded by a refresh). Axis steps to choose from, in seconds. Facts of the items computed once per set_items, not on every paint (O(1) per use): the earliest start, the latest end, the widest label (for the font it was measured with). A thousand tokens would otherwise cost a second per tick.</extracomment>
        <translation>ช่วงเวลาใช้งานได้ของรหัสและโทเค็นจะแสดงที่นี่</translation>
    </message>
    <message>
        <source>Validity timeline</source>
        <translation>ไทม์ไลน์ช่วงเวลาใช้งาน</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>ถูกแทนที่</translation>
    </message>
    <message>
        <source>+{count} older not shown</source>
        <translation>+อีก {count} รายการเก่าที่ไม่ได้แสดง</translation>
    </message>
    <message>
        <source>now {time}</source>
        <translation>ตอนนี้ {time}</translation>
    </message>
    <message>
        <source>{count} validity windows, {live} still valid</source>
        <translation>ช่วงเวลาใช้งาน {count} ช่วง ยังใช้ได้ {live} ช่วง</translation>
    </message>
</context>
<context>
    <name>TokenCheckPanel</name>
    <message>
        <source>Time (UTC)</source>
        <extracomment>The bridge label of a check run on a worker thread. Input larger than this is judged on a worker thread. At most this many verdict cards are shown (the rest are counted). How much of a pasted JSON is shown (masked) in the input area. The flow table&apos;s column titles (English, marked for translation: shown translated).</extracomment>
        <translation>เวลา (UTC)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>ขั้นตอน</translation>
    </message>
    <message>
        <source>SCB code</source>
        <translation>รหัส SCB</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>ใช้เวลา</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>โฮสต์</translation>
    </message>
    <message>
        <source>What went wrong</source>
        <translation>สิ่งที่ผิดพลาด</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ปกติ</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>คำเตือน</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>ปัญหา</translation>
    </message>
    <message>
        <source>{errors} problems, {warnings} warnings, {fine} ok</source>
        <extracomment>JSON keys whose string values are never secrets (kept readable in the preview). A run of characters that may be a token (masked in a preview of JSON that cannot be read).</extracomment>
        <translation>ปัญหา {errors} รายการ, คำเตือน {warnings} รายการ, ปกติ {fine} รายการ</translation>
    </message>
    <message>
        <source>Paste</source>
        <extracomment>A short message for the status bar. A check finished (the :class:`CheckResult`). A live check finished (its :class:`Verdict`). Bumped by each new check: a background check that finishes late is dropped.</extracomment>
        <translation>วาง</translation>
    </message>
    <message>
        <source>Paste from the clipboard</source>
        <translation>วางจากคลิปบอร์ด</translation>
    </message>
    <message>
        <source>Open file…</source>
        <translation>เปิดไฟล์…</translation>
    </message>
    <message>
        <source>Open a HAR file or a token response JSON file</source>
        <translation>เปิดไฟล์ HAR หรือไฟล์ JSON ของคำตอบโทเค็น</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>ล้าง</translation>
    </message>
    <message>
        <source>Forget what was pasted</source>
        <translation>ลืมสิ่งที่วางไว้</translation>
    </message>
    <message>
        <source>the customer&apos;s id from the code exchange (for the live call)</source>
        <translation>รหัสลูกค้าจากการแลกรหัส (สำหรับการเรียกจริง)</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>ตรวจ</translation>
    </message>
    <message>
        <source>Judge what was pasted by both clocks (no request is sent)</source>
        <translation>ตรวจสิ่งที่วางตามนาฬิกาทั้งสองฝั่ง (ไม่มีการส่งคำขอ)</translation>
    </message>
    <message>
        <source>Call the profile API</source>
        <translation>เรียก API โปรไฟล์</translation>
    </message>
    <message>
        <source>Send GET /v2/customers/profile with this token through the active profile, to see whether it still works</source>
        <translation>ส่ง GET /v2/customers/profile ด้วยโทเค็นนี้ผ่านโปรไฟล์ที่ใช้งานอยู่ เพื่อดูว่ายังใช้ได้หรือไม่</translation>
    </message>
    <message>
        <source>What the partner sent</source>
        <translation>สิ่งที่พาร์ทเนอร์ส่งมา</translation>
    </message>
    <message>
        <source>Verdicts</source>
        <translation>ผลการตรวจ</translation>
    </message>
    <message>
        <source>Auth calls in the HAR, as the flow</source>
        <translation>การเรียกด้าน auth ใน HAR เรียงตามโฟลว์</translation>
    </message>
    <message>
        <source>Pasted: {kind}</source>
        <translation>วางแล้ว: {kind}</translation>
    </message>
    <message>
        <source>Could not read {path}: {error}</source>
        <translation>อ่าน {path} ไม่ได้: {error}</translation>
    </message>
    <message>
        <source>{name} · {size} bytes
(contents not shown: they may hold tokens; the verdicts below show them masked)</source>
        <translation>{name} · {size} ไบต์
(ไม่แสดงเนื้อหา เพราะอาจมีโทเค็น ผลการตรวจด้านล่างแสดงแบบปิดบังแล้ว)</translation>
    </message>
    <message>
        <source>Opened: {name}</source>
        <translation>เปิดแล้ว: {name}</translation>
    </message>
    <message>
        <source>Open a HAR file or a token response</source>
        <translation>เปิดไฟล์ HAR หรือคำตอบโทเค็น</translation>
    </message>
    <message>
        <source>HAR or JSON (*.har *.json);;All files (*)</source>
        <translation>HAR หรือ JSON (*.har *.json);;ทุกไฟล์ (*)</translation>
    </message>
    <message>
        <source>Paste or open what the partner sent first</source>
        <translation>วางหรือเปิดสิ่งที่พาร์ทเนอร์ส่งมาก่อน</translation>
    </message>
    <message>
        <source>Reading {name} ({size} MiB)…</source>
        <translation>กำลังอ่าน {name} ({size} MiB)…</translation>
    </message>
    <message>
        <source>This cannot be read</source>
        <translation>อ่านข้อมูลนี้ไม่ได้</translation>
    </message>
    <message>
        <source>Checked an {kind}</source>
        <translation>ตรวจ{kind}แล้ว</translation>
    </message>
    <message>
        <source>Checked a {kind}</source>
        <translation>ตรวจ{kind}แล้ว</translation>
    </message>
    <message>
        <source>{entries} entries, {calls} auth calls</source>
        <translation>{entries} รายการ, การเรียกด้าน auth {calls} ครั้ง</translation>
    </message>
    <message>
        <source>token</source>
        <translation>โทเค็น</translation>
    </message>
    <message>
        <source>user token</source>
        <translation>โทเค็นผู้ใช้</translation>
    </message>
    <message>
        <source>server token</source>
        <translation>โทเค็นเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source> from {where}</source>
        <translation> จาก {where}</translation>
    </message>
    <message>
        <source>{owner} (from the {source})</source>
        <translation>{owner} (จาก{source})</translation>
    </message>
    <message>
        <source>It was issued by {where}</source>
        <translation>ออกโดย {where}</translation>
    </message>
    <message>
        <source>Confirm that the token comes from {where}, the environment of the active profile {name!r}: only then is it sent there</source>
        <translation>ยืนยันว่าโทเค็นมาจาก {where} ซึ่งเป็นสภาพแวดล้อมของโปรไฟล์ที่ใช้งานอยู่ {name!r} จากนั้นจึงจะส่งไปที่นั่น</translation>
    </message>
    <message>
        <source>Calling the profile API…</source>
        <translation>กำลังเรียก API โปรไฟล์…</translation>
    </message>
    <message>
        <source>No token to try in what was given</source>
        <translation>ไม่มีโทเค็นให้ลองในสิ่งที่ได้รับ</translation>
    </message>
    <message>
        <source>Not sent: select a profile first (Credentials panel)</source>
        <translation>ไม่ได้ส่ง: เลือกโปรไฟล์ก่อน (แผงข้อมูลรับรอง)</translation>
    </message>
    <message>
        <source>Live check not sent</source>
        <translation>ไม่ได้ส่งการตรวจจริง</translation>
    </message>
</context>
<context>
    <name>TokenInspector</name>
    <message>
        <source>The validity windows of codes and tokens appear here, with a line for now</source>
        <extracomment>Above this many seconds of clock skew the detail pane warns. Code windows kept on the timeline (the newest). &quot;Refresh now&quot; was clicked for this :class:`TokenSet`. &quot;Forget&quot; removed this :class:`TokenSet` from the table. A short message for the status bar (&quot;Authorization header copied ...&quot;). The selected token changed (a :class:`TokenSet`, or None).</extracomment>
        <translation>ช่วงเวลาใช้งานได้ของรหัสและโทเค็นจะแสดงที่นี่ พร้อมเส้นบอกเวลาปัจจุบัน</translation>
    </message>
    <message>
        <source>Copy Authorization header</source>
        <translation>คัดลอกเฮดเดอร์ Authorization</translation>
    </message>
    <message>
        <source>Copy &apos;Bearer &lt;token&gt;&apos; of the selected token (cleared from the clipboard after a while)</source>
        <translation>คัดลอก &apos;Bearer &lt;token&gt;&apos; ของโทเค็นที่เลือก (จะล้างออกจากคลิปบอร์ดหลังผ่านไปสักพัก)</translation>
    </message>
    <message>
        <source>Copy curl</source>
        <translation>คัดลอก curl</translation>
    </message>
    <message>
        <source>Copy a curl command of the customer profile call with the selected token</source>
        <translation>คัดลอกคำสั่ง curl สำหรับเรียกโปรไฟล์ลูกค้าด้วยโทเค็นที่เลือก</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>รีเฟรชเดี๋ยวนี้</translation>
    </message>
    <message>
        <source>Exchange the selected token&apos;s refresh token for a new access token</source>
        <translation>นำ refresh token ของโทเค็นที่เลือกไปแลก access token ใหม่</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>ลืม</translation>
    </message>
    <message>
        <source>Remove the selected token from this session (it stays valid at the server)</source>
        <translation>นำโทเค็นที่เลือกออกจากเซสชันนี้ (โทเค็นยังใช้ได้ที่เซิร์ฟเวอร์)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>โทเค็น</translation>
    </message>
    <message>
        <source>Selected token</source>
        <translation>โทเค็นที่เลือก</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>โทเค็น</translation>
    </message>
    <message>
        <source>Kind, profile and environment of the token</source>
        <translation>ประเภท โปรไฟล์ และสภาพแวดล้อมของโทเค็น</translation>
    </message>
    <message>
        <source>The requestUId of the call that obtained it</source>
        <translation>requestUId ของการเรียกที่ได้โทเค็นนี้มา</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>ออกเมื่อ</translation>
    </message>
    <message>
        <source>When it arrived (local clock) and the server&apos;s Date</source>
        <translation>เวลาที่ได้รับ (นาฬิกาเครื่องนี้) และ Date ของเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>หมดอายุ</translation>
    </message>
    <message>
        <source>expiresAt on the server&apos;s clock, and issued + expiresIn on the local clock</source>
        <translation>expiresAt ตามนาฬิกาเซิร์ฟเวอร์ และเวลาออก + expiresIn ตามนาฬิกาเครื่องนี้</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>เวลาที่เหลือ</translation>
    </message>
    <message>
        <source>Time left for the access and refresh tokens</source>
        <translation>เวลาที่เหลือของ access token และ refresh token</translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation>เวลาคลาดเคลื่อน</translation>
    </message>
    <message>
        <source>Server clock minus local clock, from the response&apos;s Date header</source>
        <translation>นาฬิกาเซิร์ฟเวอร์ลบนาฬิกาเครื่องนี้ จากเฮดเดอร์ Date ของคำตอบ</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>สายการรีเฟรช</translation>
    </message>
    <message>
        <source>Which refresh replaced which token</source>
        <translation>การรีเฟรชครั้งใดแทนที่โทเค็นใด</translation>
    </message>
    <message>
        <source>The customer&apos;s id (user tokens only)</source>
        <translation>รหัสลูกค้า (เฉพาะโทเค็นผู้ใช้)</translation>
    </message>
    <message>
        <source>Raw response</source>
        <translation>คำตอบดิบ</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>แสดงข้อมูลลับ</translation>
    </message>
    <message>
        <source>Show the secrets in the raw response (hidden again when another token is selected)</source>
        <translation>แสดงข้อมูลลับในคำตอบดิบ (จะซ่อนอีกครั้งเมื่อเลือกโทเค็นอื่น)</translation>
    </message>
    <message>
        <source>Secrets masked</source>
        <translation>ข้อมูลลับถูกปิดบัง</translation>
    </message>
    <message>
        <source>Raw token response</source>
        <translation>คำตอบโทเค็นแบบดิบ</translation>
    </message>
    <message>
        <source>Select a token to see the response it came in</source>
        <translation>เลือกโทเค็นเพื่อดูคำตอบที่ได้โทเค็นนั้นมา</translation>
    </message>
    <message>
        <source>Validity timeline</source>
        <translation>ไทม์ไลน์ช่วงเวลาใช้งาน</translation>
    </message>
    <message>
        <source>Show the secrets in the raw response</source>
        <translation>แสดงข้อมูลลับในคำตอบดิบ</translation>
    </message>
    <message>
        <source>Revealing secrets is turned off (presentation mode)</source>
        <translation>ปิดการแสดงข้อมูลลับอยู่ (โหมดนำเสนอ)</translation>
    </message>
    <message>
        <source>Authorization header copied; the clipboard is cleared in {seconds} s</source>
        <translation>คัดลอกเฮดเดอร์ Authorization แล้ว คลิปบอร์ดจะถูกล้างใน {seconds} วินาที</translation>
    </message>
    <message>
        <source>curl of the profile call copied; the clipboard is cleared in {seconds} s</source>
        <translation>คัดลอก curl ของการเรียกโปรไฟล์แล้ว คลิปบอร์ดจะถูกล้างใน {seconds} วินาที</translation>
    </message>
    <message>
        <source>Forgot the token of requestUId {uid}</source>
        <translation>ลืมโทเค็นของ requestUId {uid} แล้ว</translation>
    </message>
    <message>
        <source>1 token</source>
        <translation>1 โทเค็น</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} โทเค็น</translation>
    </message>
    <message>
        <source>Server token · {who}</source>
        <translation>โทเค็นเซิร์ฟเวอร์ · {who}</translation>
    </message>
    <message>
        <source>Access · {who}</source>
        <translation>Access · {who}</translation>
    </message>
    <message>
        <source>Refresh · {who}</source>
        <translation>Refresh · {who}</translation>
    </message>
    <message>
        <source>No profile call is available for this token</source>
        <translation>ไม่มีการเรียกโปรไฟล์สำหรับโทเค็นนี้</translation>
    </message>
    <message>
        <source>Select a token in the table above</source>
        <translation>เลือกโทเค็นในตารางด้านบน</translation>
    </message>
    <message>
        <source>User token</source>
        <translation>โทเค็นผู้ใช้</translation>
    </message>
    <message>
        <source>Server token</source>
        <translation>โทเค็นเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Selected token: {token}</source>
        <translation>โทเค็นที่เลือก: {token}</translation>
    </message>
    <message>
        <source>{kind} · profile {name} · {environment}</source>
        <translation>{kind} · โปรไฟล์ {name} · {environment}</translation>
    </message>
    <message>
        <source> · server Date {time}</source>
        <translation> · Date ของเซิร์ฟเวอร์ {time}</translation>
    </message>
    <message>
        <source>{time} local{server_date}</source>
        <translation>{time} ตามเครื่องนี้{server_date}</translation>
    </message>
    <message>
        <source>{server} server clock (expiresAt {epoch}) · {local} local clock</source>
        <translation>{server} ตามนาฬิกาเซิร์ฟเวอร์ (expiresAt {epoch}) · {local} ตามนาฬิกาเครื่องนี้</translation>
    </message>
    <message>
        <source>{local} local clock (no expiresAt in the answer)</source>
        <translation>{local} ตามนาฬิกาเครื่องนี้ (คำตอบไม่มี expiresAt)</translation>
    </message>
    <message>
        <source>— (server tokens have none)</source>
        <translation>— (โทเค็นเซิร์ฟเวอร์ไม่มีค่านี้)</translation>
    </message>
    <message>
        <source>unknown (the answer had no Date header)</source>
        <translation>ไม่ทราบ (คำตอบไม่มีเฮดเดอร์ Date)</translation>
    </message>
    <message>
        <source>server ahead</source>
        <translation>เซิร์ฟเวอร์เร็วกว่า</translation>
    </message>
    <message>
        <source>server behind</source>
        <translation>เซิร์ฟเวอร์ช้ากว่า</translation>
    </message>
    <message>
        <source>clocks agree</source>
        <translation>นาฬิกาตรงกัน</translation>
    </message>
    <message>
        <source>{skew} s ({direction})</source>
        <translation>{skew} วินาที ({direction})</translation>
    </message>
    <message>
        <source>  ⚠ over {limit} s: trust the countdown, not expiresAt</source>
        <translation>  ⚠ เกิน {limit} วินาที: เชื่อการนับถอยหลัง ไม่ใช่ expiresAt</translation>
    </message>
    <message>
        <source>The server&apos;s clock and this computer&apos;s differ by more than {limit} s, so expiresAt (server clock) and the local expiry disagree. The countdowns use expiresIn on a monotonic clock and stay right.</source>
        <translation>นาฬิกาของเซิร์ฟเวอร์และของเครื่องนี้ต่างกันเกิน {limit} วินาที expiresAt (นาฬิกาเซิร์ฟเวอร์) จึงไม่ตรงกับเวลาหมดอายุตามเครื่องนี้ การนับถอยหลังใช้ expiresIn กับนาฬิกา monotonic จึงยังถูกต้อง</translation>
    </message>
    <message>
        <source>this token</source>
        <translation>โทเค็นนี้</translation>
    </message>
    <message>
        <source>first token of its line</source>
        <translation>โทเค็นแรกของสายนี้</translation>
    </message>
    <message>
        <source>refresh of {uid} (no longer in the table)</source>
        <translation>รีเฟรชจาก {uid} (ไม่อยู่ในตารางแล้ว)</translation>
    </message>
    <message>
        <source> → superseded by {uid}</source>
        <translation> → ถูกแทนที่โดย {uid}</translation>
    </message>
    <message>
        <source>{uid} issued {time}</source>
        <translation>{uid} ออกเมื่อ {time}</translation>
    </message>
    <message>
        <source>
replaced by {uid}</source>
        <translation>
ถูกแทนที่โดย {uid}</translation>
    </message>
    <message>
        <source>{time} access</source>
        <translation>access {time}</translation>
    </message>
    <message>
        <source> · {time} refresh</source>
        <translation> · refresh {time}</translation>
    </message>
    <message>
        <source>Secrets revealed: mind your screen</source>
        <translation>แสดงข้อมูลลับอยู่: ระวังผู้อื่นเห็นหน้าจอ</translation>
    </message>
</context>
<context>
    <name>TokenStatus</name>
    <message>
        <source>Valid</source>
        <extracomment>View ▸ Appearance: follow the system, or always light, or always dark. (light, dark) background of each environment&apos;s badge; the text on it is white.</extracomment>
        <translation>ใช้ได้</translation>
    </message>
    <message>
        <source>Expiring</source>
        <translation>ใกล้หมดอายุ</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>หมดอายุ</translation>
    </message>
    <message>
        <source>Superseded by refresh</source>
        <translation>ถูกแทนที่ด้วยการรีเฟรช</translation>
    </message>
</context>
<context>
    <name>TokenTableModel</name>
    <message>
        <source>Kind</source>
        <extracomment>Sort key role: numbers for times, an ordinal for the status, lower-case text otherwise. The row&apos;s ``requestUId`` (not a secret), for lookups from a proxy index. The time-dependent columns: one contiguous block, refreshed by each tick.</extracomment>
        <translation>ประเภท</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>โปรไฟล์</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>สภาพแวดล้อม</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>โทเค็น</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>ออกเมื่อ</translation>
    </message>
    <message>
        <source>Expires (server)</source>
        <translation>หมดอายุ (เซิร์ฟเวอร์)</translation>
    </message>
    <message>
        <source>Expires (local)</source>
        <translation>หมดอายุ (เครื่องนี้)</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>เวลาที่เหลือ</translation>
    </message>
    <message>
        <source>Refresh remaining</source>
        <translation>refresh เหลือ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>Server token (2-legged: API key and secret) or user token (3-legged: a customer&apos;s consent, or a refresh of one)</source>
        <translation>โทเค็นเซิร์ฟเวอร์ (2-legged: API key และ API secret) หรือโทเค็นผู้ใช้ (3-legged: ความยินยอมของลูกค้า หรือการรีเฟรชจากโทเค็นนั้น)</translation>
    </message>
    <message>
        <source>The profile whose credentials obtained the token</source>
        <translation>โปรไฟล์ที่ใช้ข้อมูลรับรองขอโทเค็นนี้</translation>
    </message>
    <message>
        <source>Where the token was issued; a token only works in that environment</source>
        <translation>สภาพแวดล้อมที่ออกโทเค็น โทเค็นใช้ได้เฉพาะในสภาพแวดล้อมนั้น</translation>
    </message>
    <message>
        <source>The access token, masked: its first 4 characters and its length</source>
        <translation>access token แบบปิดบัง: 4 ตัวอักษรแรกและความยาว</translation>
    </message>
    <message>
        <source>When the response arrived, on this computer&apos;s clock</source>
        <translation>เวลาที่ได้รับคำตอบ ตามนาฬิกาของเครื่องนี้</translation>
    </message>
    <message>
        <source>expiresAt from the response: the expiry on the server&apos;s clock</source>
        <translation>expiresAt จากคำตอบ: เวลาหมดอายุตามนาฬิกาของเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Issued + expiresIn on this computer&apos;s clock; differs from the server&apos;s expiry by the clock skew</source>
        <translation>เวลาออก + expiresIn ตามนาฬิกาเครื่องนี้ ต่างจากเวลาหมดอายุของเซิร์ฟเวอร์เท่ากับเวลาคลาดเคลื่อน</translation>
    </message>
    <message>
        <source>Time left before the access token expires (from expiresIn, counted on a monotonic clock that a changed system clock does not move)</source>
        <translation>เวลาที่เหลือก่อน access token หมดอายุ (จาก expiresIn นับด้วยนาฬิกา monotonic ซึ่งไม่เปลี่ยนตามการตั้งนาฬิการะบบ)</translation>
    </message>
    <message>
        <source>Time left before the refresh token expires (refreshExpiresIn); after that the customer must authorize again</source>
        <translation>เวลาที่เหลือก่อน refresh token หมดอายุ (refreshExpiresIn) หลังจากนั้นลูกค้าต้องให้อนุญาตใหม่</translation>
    </message>
    <message>
        <source>Valid, expiring (under 5 minutes left), expired, or superseded by a refresh</source>
        <translation>ใช้ได้ ใกล้หมดอายุ (เหลือไม่ถึง 5 นาที) หมดอายุ หรือถูกแทนที่ด้วยการรีเฟรช</translation>
    </message>
    <message>
        <source>The customer&apos;s id (resourceOwnerId response header of the code exchange); customer calls send it back</source>
        <translation>รหัสลูกค้า (เฮดเดอร์ resourceOwnerId ของคำตอบการแลกรหัส) การเรียก API ของลูกค้าต้องส่งค่านี้กลับไป</translation>
    </message>
    <message>
        <source>User</source>
        <extracomment>The roles a tick changes. The status the last per-row tick told views about: the Status cell is repainted only when it changes. A row became superseded: (old requestUId, new requestUId). requestUId -&gt; requestUId of the token that replaced it by a refresh.</extracomment>
        <translation>ผู้ใช้</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>เซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>
Refresh token: {token}</source>
        <translation>
Refresh token: {token}</translation>
    </message>
    <message>
        <source>expiresAt {epoch} = {date}
(the server&apos;s clock, shown in your time zone)</source>
        <translation>expiresAt {epoch} = {date}
(นาฬิกาของเซิร์ฟเวอร์ แสดงตามเขตเวลาของคุณ)</translation>
    </message>
    <message>
        <source>The response had no expiresAt</source>
        <translation>คำตอบไม่มี expiresAt</translation>
    </message>
    <message>
        <source>
Clock skew: {skew} s (server minus local)</source>
        <translation>
เวลาคลาดเคลื่อน: {skew} วินาที (เซิร์ฟเวอร์ลบเครื่องนี้)</translation>
    </message>
    <message>
        <source>Profile {name!r}
Base URL: {url}</source>
        <translation>โปรไฟล์ {name!r}
Base URL: {url}</translation>
    </message>
    <message>
        <source>{type} {token} (masked){refresh}
requestUId: {uid}</source>
        <translation>{type} {token} (ปิดบังไว้){refresh}
requestUId: {uid}</translation>
    </message>
    <message>
        <source>Received {date} (local clock){skew}</source>
        <translation>ได้รับเมื่อ {date} (นาฬิกาเครื่องนี้){skew}</translation>
    </message>
    <message>
        <source>Issued + expiresIn ({seconds} s) = {date} (local clock){skew}</source>
        <translation>เวลาออก + expiresIn ({seconds} วินาที) = {date} (นาฬิกาเครื่องนี้){skew}</translation>
    </message>
    <message>
        <source>Server tokens have no resource owner: no customer consented</source>
        <translation>โทเค็นเซิร์ฟเวอร์ไม่มีเจ้าของข้อมูล: ไม่มีลูกค้าให้ความยินยอม</translation>
    </message>
    <message>
        <source>{left} left of {total}</source>
        <translation>เหลือ {left} จาก {total}</translation>
    </message>
    <message>
        <source>No refresh token: server tokens are requested again instead</source>
        <translation>ไม่มี refresh token: โทเค็นเซิร์ฟเวอร์ใช้วิธีขอใหม่แทน</translation>
    </message>
    <message>
        <source>Replaced by the refresh with requestUId {uid}</source>
        <translation>ถูกแทนที่ด้วยการรีเฟรชที่มี requestUId {uid}</translation>
    </message>
</context>
<context>
    <name>VerdictList</name>
    <message>
        <source>Paste (Ctrl+V) or open what the partner sent: the verdicts appear here.</source>
        <translation>วาง (Ctrl+V) หรือเปิดสิ่งที่พาร์ทเนอร์ส่งมา ผลการตรวจจะแสดงที่นี่</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… และอีก {count} รายการ</translation>
    </message>
</context>
<context>
    <name>_CountdownBase</name>
    <message>
        <source>expired</source>
        <extracomment>Emitted once when the remaining time reaches zero (again after each new deadline). Emitted whenever the state (idle/normal/amber/red/expired) changes. What an expired countdown says; None: &quot;expired&quot; in the interface language.</extracomment>
        <translation>หมดอายุ</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>ยังไม่เริ่ม</translation>
    </message>
    <message>
        <source>remaining</source>
        <translation>เหลือ</translation>
    </message>
    <message>
        <source>{time} remaining</source>
        <translation>เหลือ {time}</translation>
    </message>
</context>
<context>
    <name>_EnvironmentBanner</name>
    <message>
        <source>Environment</source>
        <translation>สภาพแวดล้อม</translation>
    </message>
    <message>
        <source>NO PROFILE</source>
        <translation>ไม่มีโปรไฟล์</translation>
    </message>
    <message>
        <source>Pick a profile under Credentials</source>
        <translation>เลือกโปรไฟล์ในแผงข้อมูลรับรอง</translation>
    </message>
    <message>
        <source>Profile: {name}</source>
        <translation>โปรไฟล์: {name}</translation>
    </message>
    <message>
        <source>Environment: {name}</source>
        <translation>สภาพแวดล้อม: {name}</translation>
    </message>
</context>
</TS>
