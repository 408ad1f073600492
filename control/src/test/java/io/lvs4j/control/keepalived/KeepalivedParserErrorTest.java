package io.lvs4j.control.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a file is refused: the exception names the file, the line and the reason. */
class KeepalivedParserErrorTest {
    @TempDir
    Path dir;

    private static final String VS = "virtual_server 10.0.0.1 80 {\n lb_kind DR\n";

    private ConfigException refuse(Path file) {
        return assertThrows(ConfigException.class, () -> KeepalivedParser.parse(file));
    }

    private void assertRefused(String text, int line, String reason) throws IOException {
        Path file = dir.resolve("keepalived.conf");
        Files.writeString(file, text.replace("|", "\n"));
        ConfigException e = refuse(file);
        assertEquals(file, e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(reason, e.reason());
        assertEquals(file + ":" + line + ": " + reason, e.getMessage());
        assertTrue(e.getMessage().lines().count() == 1, "one line");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = ';', textBlock = """
            virtual_server 10.0.0.1 80 {| lb_kind DR|; 1; block opened here is never closed (missing '}')
            global_defs {|}|}; 3; '}' without a matching '{'
            |{|; 2; '{' without a keyword before it
            virtual_server 10.0.0.1 80 {| lb_kind XX|}; 2; bad lb_kind 'XX' (allowed: DR, TUN or NAT)
            virtual_server 10.0.0.1 80 {| lb_kind DR| lb_algo fastest|}; 3; unknown scheduler 'fastest' (allowed: rr wrr lc wlc sed nq fo ovf dh sh mh lblc lblcr)
            virtual_server 10.0.0.300 80 {| lb_kind DR|}; 1; bad virtual_server address '10.0.0.300' (allowed: an IPv4 address a.b.c.d)
            virtual_server 2001:db8::1 80 {| lb_kind DR|}; 1; virtual_server address '2001:db8::1': IPv6 is not supported yet (allowed: an IPv4 address)
            virtual_server 10.0.0.1 70000 {| lb_kind DR|}; 1; bad port '70000' (allowed: 1-65535)
            virtual_server 10.0.0.1 {| lb_kind DR|}; 1; virtual_server takes IP PORT, or group NAME, got '10.0.0.1'
            virtual_server fwmark 5 {| lb_kind DR|}; 1; virtual_server fwmark is not supported yet (allowed: IP PORT or group NAME)
            virtual_server group NOPE {| lb_kind DR|}; 1; virtual_server_group 'NOPE' is not defined
            virtual_server 10.0.0.1 80;1; virtual_server needs a { ... } block
            virtual_server 10.0.0.1 80 {| lb_kind DR| protocol SCTP|}; 3; protocol SCTP is not supported yet (allowed: TCP or UDP)
            virtual_server 10.0.0.1 80 {| lb_kind DR| protocol ICMP|}; 3; bad protocol 'ICMP' (allowed: TCP or UDP)
            virtual_server 10.0.0.1 80 {| lb_kind DR| delay_loop soon|}; 3; bad delay_loop 'soon' (allowed: seconds, at least 0.001)
            virtual_server 10.0.0.1 80 {| lb_kind DR| delay_loop 0|}; 3; bad delay_loop '0' (allowed: seconds, at least 0.001)
            virtual_server 10.0.0.1 80 {| lb_kind DR| persistence_timeout -1|}; 3; bad persistence_timeout '-1' (allowed: 0-2678400)
            virtual_server 10.0.0.1 80 {| lb_kind DR| persistence_granularity 255.0.255.0|}; 3; bad persistence_granularity '255.0.255.0' (allowed: a netmask of contiguous ones, e.g. 255.255.255.0)
            virtual_server 10.0.0.1 80 {| lb_kind DR| ha_suspend yes|}; 3; ha_suspend takes no value, got 'yes'
            virtual_server 10.0.0.1 80 {| lb_kind DR| quorum 0|}; 3; bad quorum '0' (allowed: 1-2147483647)
            virtual_server 10.0.0.1 80 {| lb_kind DR| sorry_server 10.0.0.9|}; 3; sorry_server takes an IPv4 address and a port, got '10.0.0.9'
            virtual_server 10.0.0.1 80 {| lb_kind DR| quorum_up|}; 3; quorum_up takes a program to run, got nothing
            virtual_server 10.0.0.1 80 {| lb_kind DR| lb_algo rr wrr|}; 3; lb_algo takes one scheduler name, got 'rr wrr'
            """)
    void virtualServerErrors(String text, int line, String reason) throws IOException {
        assertRefused(text, line, reason);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = ';', textBlock = """
            real_server 10.1.0.1 80 {| weight -1| }|}; 4; bad weight '-1' (allowed: 0-65535)
            real_server 10.1.0.1 80 {| weight 65536| }|}; 4; bad weight '65536' (allowed: 0-65535)
            real_server 10.1.0.1 80 {| }| real_server 10.1.0.1 80 {| }|}; 5; real_server 10.1.0.1:80 is listed twice in virtual_server 10.0.0.1 80
            real_server 10.1.0.1 80 {| SMTP_CHECK {| }| }|}; 4; SMTP_CHECK is not supported yet (allowed: HTTP_GET MISC_CHECK SSL_GET TCP_CHECK)
            real_server 10.1.0.1 80 {| TCP_CHECK {| connect_port 0| }| }|}; 5; bad port '0' (allowed: 1-65535)
            real_server 10.1.0.1 80 {| TCP_CHECK {| connect_ip host.example| }| }|}; 5; bad connect_ip 'host.example' (allowed: an IPv4 address a.b.c.d)
            real_server 10.1.0.1 80 {| TCP_CHECK {| retry many| }| }|}; 5; bad retry 'many' (allowed: 0-1000000)
            real_server 10.1.0.1 80 {| TCP_CHECK {| nb_get_retry -2| }| }|}; 5; bad nb_get_retry '-2' (allowed: 0-1000000)
            real_server 10.1.0.1 80 {| TCP_CHECK {| connect_timeout 0| }| }|}; 5; bad connect_timeout '0' (allowed: seconds, at least 0.001)
            real_server 10.1.0.1 80 {| TCP_CHECK| }|}; 4; TCP_CHECK needs a { ... } block
            real_server 10.1.0.1 80 {| HTTP_GET {| connect_port 80| }| }|}; 4; HTTP_GET needs at least one url { path ... } block
            real_server 10.1.0.1 80 {| HTTP_GET {| url {| digest abc| }| }| }|}; 6; bad digest 'abc' (allowed: an MD5 digest, 32 hex digits, as genhash prints it)
            real_server 10.1.0.1 80 {| HTTP_GET {| url {| status_code 200| }| }| }|}; 5; url needs a path
            real_server 10.1.0.1 80 {| HTTP_GET {| url {| path index.html| }| }| }|}; 6; bad path 'index.html' (allowed: a path starting with /)
            real_server 10.1.0.1 80 {| HTTP_GET {| url {| path /| status_code 200 99| }| }| }|}; 7; bad status_code '99' (allowed: 100-599)
            real_server 10.1.0.1 80 {| HTTP_GET {| url {| path /| status_code 300-200| }| }| }|}; 7; bad status_code range '300-200' (allowed: LOW-HIGH with LOW <= HIGH)
            real_server 10.1.0.1 80 {| HTTP_GET {| url {| path /| }| enable_sni| }| }|}; 4; enable_sni is for SSL_GET, not HTTP_GET
            real_server 10.1.0.1 80 {| MISC_CHECK {| misc_timeout 3| }| }|}; 4; MISC_CHECK needs a misc_path
            real_server 10.1.0.1 80 {| MISC_CHECK {| misc_path "/bin/check 'oops"| }| }|}; 5; unterminated ' in misc_path '/bin/check 'oops'
            real_server 10.1.0.1 80 {| MISC_CHECK {| misc_path "/bin/check| }| }|}; 5; unterminated quoted string "/bin/check
            """)
    void realServerAndCheckerErrors(String text, int line, String reason) throws IOException {
        assertRefused(VS + text, line, reason);
    }

    @Test
    void groupErrors() throws IOException {
        assertRefused("virtual_server_group G {|}", 1, "virtual_server_group G is empty");
        assertRefused("virtual_server_group G {| fwmark 1|}", 2,
                "fwmark in virtual_server_group is not supported yet (allowed: IP PORT or IP-RANGE PORT)");
        assertRefused("virtual_server_group G {| 10.0.0.1|}", 2,
                "bad virtual_server_group entry '10.0.0.1' (allowed: IP PORT or A.B.C.D-E PORT)");
        assertRefused("virtual_server_group G {| 10.0.0.9-3 80|}", 2, "bad range end '3' (allowed: 9-255)");
        assertRefused("virtual_server_group G {| 10.0.0.1 80|}|virtual_server_group G {| 10.0.0.2 80|}", 4,
                "virtual_server_group 'G' is defined twice");
    }

    @Test
    void aServiceDefinedTwiceNamesTheFirstPlace() throws IOException {
        Path file = dir.resolve("keepalived.conf");
        assertRefused("virtual_server_group G {| 10.0.0.1 80|}|" + "virtual_server 10.0.0.1 80 {| lb_kind DR|}|"
                + "virtual_server group G {| lb_kind DR|}", 7,
                "service TCP 10.0.0.1:80 is already defined at " + file + ":4");
    }

    @Test
    void includeErrorsPointAtTheIncludeLine() throws IOException {
        assertRefused("! main|include missing.conf", 2, "include missing.conf: no such file " + dir.resolve("missing.conf"));
        assertRefused("include a.conf b.conf", 1, "include takes one file name or glob pattern, got 2 words");
        assertRefused("include keepalived.conf", 1, "includes nested more than 16 deep (does a file include itself?)");
        Files.createDirectories(dir.resolve("conf.d"));
        assertRefused("|include conf.d/[.conf", 2, "bad include pattern '" + dir.resolve("conf.d/[.conf")
                + "': Missing ']");
    }

    @Test
    void anErrorInAnIncludedFileNamesThatFile() throws IOException {
        Path inner = dir.resolve("conf.d/web.conf");
        Files.createDirectories(inner.getParent());
        Files.writeString(inner, "virtual_server 10.0.0.1 80 {\n\n  lb_kind XX\n}\n");
        Path main = dir.resolve("keepalived.conf");
        Files.writeString(main, "global_defs {\n}\ninclude conf.d/*.conf\n");
        ConfigException e = refuse(main);
        assertEquals(inner, e.file());
        assertEquals(3, e.line());
        assertEquals(inner + ":3: bad lb_kind 'XX' (allowed: DR, TUN or NAT)", e.getMessage());
    }

    @Test
    void aMissingFileIsRefused() {
        Path file = dir.resolve("absent.conf");
        ConfigException e = refuse(file);
        assertEquals(file, e.file());
        assertTrue(e.reason().startsWith("cannot read " + file), e.reason());
    }
}
