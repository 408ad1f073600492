package io.lvs4j.control.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lvs4j.scheduler.ForwardingMethod;
import io.lvs4j.scheduler.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeepalivedParserTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    static final String LAB = """
            ! Configuration File for keepalived
            global_defs {
               notification_email {
                 admin@example.com
               }
               router_id LVS_DEVEL
            }

            vrrp_instance VI_1 {
                state MASTER
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                authentication {
                    auth_type PASS
                    auth_pass 1111
                }
                virtual_ipaddress {
                    192.168.0.100
                }
            }

            virtual_server 192.168.0.100 80 {
                delay_loop 6
                lb_algo wrr
                lb_kind DR
                persistence_timeout 0
                protocol TCP

                real_server 192.168.0.11 80 {   # the first web server
                    weight 2
                    TCP_CHECK {
                        connect_timeout 10
                        nb_get_retry 3
                        delay_before_retry 3
                        connect_port 80
                    }
                }
                real_server 192.168.0.12 80 {
                    weight 1
                    TCP_CHECK {
                        connect_timeout 10
                        nb_get_retry 3
                        delay_before_retry 3
                        connect_port 80
                    }
                }
            }
            """;

    @Test
    void classicLvsDrLabFile() throws IOException {
        Path file = write("keepalived.conf", LAB);
        KeepalivedConfig config = KeepalivedParser.parse(file);

        assertEquals(List.of(file + ":2: global_defs skipped (lvs4j has no use for it)",
                file + ":9: vrrp_instance VI_1 skipped (VRRP is not handled by lvs4j yet)"), config.infos());
        assertEquals(List.of(), config.warnings());
        assertEquals(1, config.virtualServers().size());
        VirtualServer vs = config.virtualServers().get(0);
        assertEquals("192.168.0.100 80", vs.name());
        assertEquals("[192.168.0.100:80]", vs.addresses().toString());
        assertEquals("wrr", vs.scheduler());
        assertEquals(ForwardingMethod.ROUTE, vs.method());
        assertEquals(Protocol.TCP, vs.protocol());
        assertEquals(0, vs.persistenceTimeout());
        assertEquals(Duration.ofSeconds(6), vs.delayLoop());
        assertEquals(2, vs.realServers().size());

        RealServer first = vs.realServers().get(0);
        assertEquals("192.168.0.11:80", first.endpoint().toString());
        assertEquals(2, first.weight());
        assertEquals(1, vs.realServers().get(1).weight());
        assertEquals("192.168.0.12:80", vs.realServers().get(1).endpoint().toString());
        for (RealServer rs : vs.realServers()) {
            TcpCheckConfig tcp = (TcpCheckConfig) rs.checkers().get(0);
            CheckOptions o = tcp.options();
            assertEquals(rs.endpoint(), o.connectTo());
            assertEquals(Duration.ofSeconds(10), o.connectTimeout());
            assertEquals(3, o.retry());
            assertEquals(Duration.ofSeconds(3), o.delayBeforeRetry());
            assertEquals(Duration.ofSeconds(6), o.delayLoop(), "the virtual server's delay_loop is inherited");
            assertFalse(o.alpha());
        }
    }

    @Test
    void includesWithGlobsRelativeToTheIncludingFile() throws IOException {
        write("services/b.conf", "virtual_server 10.0.0.2 80 {\n lb_kind TUN\n include rs/*.conf\n}\n");
        write("services/a.conf", "virtual_server 10.0.0.1 80 {\n lb_kind DR\n}\n");
        write("services/rs/one.conf", "real_server 10.1.0.1 80 {\n weight 7\n}\n");
        write("services/notes.txt", "this is not included\n");
        Path main = write("keepalived.conf", "include services/*.conf\ninclude none/*.conf\n");

        KeepalivedConfig config = KeepalivedParser.parse(main);

        assertEquals(List.of("10.0.0.1 80", "10.0.0.2 80"),
                config.virtualServers().stream().map(VirtualServer::name).toList(), "files are read in name order");
        assertEquals(ForwardingMethod.TUNNEL, config.virtualServers().get(1).method());
        assertEquals(7, config.virtualServers().get(1).realServers().get(0).weight());
        assertEquals(List.of(main + ":2: include none/*.conf: no file matches"), config.warnings());
    }

    @Test
    void lbKindNatIsMasqueradingAndKeepalivedsDefault() throws IOException {
        Path file = write("k.conf", """
                virtual_server 10.0.0.100 80 {
                    lb_kind NAT
                    real_server 10.0.1.11 8080 {
                    }
                }
                virtual_server 10.0.0.101 80 {
                    lvs_method nat
                }
                virtual_server 10.0.0.102 80 {
                    lb_algo rr
                }
                """);
        List<VirtualServer> vs = KeepalivedParser.parse(file).virtualServers();
        assertEquals(ForwardingMethod.MASQ, vs.get(0).method());
        assertEquals("10.0.1.11:8080", vs.get(0).realServers().get(0).endpoint().toString());
        assertEquals(ForwardingMethod.MASQ, vs.get(1).method());
        assertEquals(ForwardingMethod.MASQ, vs.get(2).method(), "no lb_kind: keepalived's default, NAT");
    }

    @Test
    void groupsAliasesAndVirtualServerKeywords() throws IOException {
        Path file = write("k.conf", """
                virtual_server group WEB {
                    lvs_sched sh
                    lvs_method TUN
                    protocol UDP
                    persistence_timeout 300
                    persistence_granularity 255.255.255.0
                    ha_suspend
                    inhibit_on_failure
                    sorry_server 10.9.9.9 8080
                    quorum 3
                    hysteresis 1
                    quorum_up "/usr/local/bin/up.sh WEB"
                    quorum_down /usr/local/bin/down.sh
                    real_server 10.1.0.1 53 {
                        notify_up "/bin/echo up"
                        notify_down /bin/echo down
                        uthreshold 100
                        lthreshold 10
                    }
                }
                virtual_server_group WEB {
                    10.0.0.1 53
                    10.0.0.10-12 53
                }
                """);
        VirtualServer vs = KeepalivedParser.parse(file).virtualServers().get(0);
        assertEquals("group WEB", vs.name());
        assertEquals("[10.0.0.1:53, 10.0.0.10:53, 10.0.0.11:53, 10.0.0.12:53]", vs.addresses().toString());
        assertEquals("sh", vs.scheduler());
        assertEquals(ForwardingMethod.TUNNEL, vs.method());
        assertEquals(Protocol.UDP, vs.protocol());
        assertEquals(300, vs.persistenceTimeout());
        assertEquals("255.255.255.0", vs.persistenceGranularity());
        assertTrue(vs.haSuspend());
        assertEquals("10.9.9.9:8080", vs.sorryServer().toString());
        assertEquals(3, vs.quorum());
        assertEquals(1, vs.hysteresis());
        assertEquals("/usr/local/bin/up.sh WEB", vs.quorumUp());
        assertEquals("/usr/local/bin/down.sh", vs.quorumDown());
        RealServer rs = vs.realServers().get(0);
        assertTrue(rs.inhibitOnFailure(), "inhibit_on_failure of the virtual server is inherited");
        assertEquals("/bin/echo up", rs.notifyUp());
        assertEquals("/bin/echo down", rs.notifyDown());
        assertEquals(100, rs.upperThreshold());
        assertEquals(10, rs.lowerThreshold());
        assertEquals(List.of(), rs.checkers());
    }

    @Test
    void httpSslAndMiscCheckers() throws IOException {
        Path file = write("k.conf", """
                virtual_server 10.0.0.1 443 {
                    lb_kind DR
                    delay_loop 20
                    virtualhost www.example.com
                    real_server 10.1.0.1 443 {
                        retry 4
                        SSL_GET {
                            url {
                                path /health
                                digest 9B3D2E1F00112233445566778899AABB
                                status_code 200 301-302
                            }
                            url {
                                path /
                            }
                            enable_sni
                            connect_ip 10.1.0.100
                            connect_port 8443
                            bindto 10.0.0.5
                            warmup 2
                            alpha
                        }
                        HTTP_GET {
                            url {
                                path /ping
                            }
                            virtualhost ping.example.com
                        }
                        MISC_CHECK {
                            misc_path "/usr/lib/check 'two words' x"
                            misc_dynamic
                        }
                    }
                }
                """);
        RealServer rs = KeepalivedParser.parse(file).virtualServers().get(0).realServers().get(0);
        HttpCheckConfig ssl = (HttpCheckConfig) rs.checkers().get(0);
        assertTrue(ssl.tls());
        assertEquals("SSL_GET", ssl.keyword());
        assertEquals("/health", ssl.urls().get(0).path());
        assertEquals("9b3d2e1f00112233445566778899aabb", ssl.urls().get(0).digest());
        assertEquals("200 301-302", ssl.urls().get(0).statusCodesText());
        assertTrue(ssl.urls().get(0).accepts(302));
        assertFalse(ssl.urls().get(0).accepts(300));
        assertEquals("200-299", ssl.urls().get(1).statusCodesText(), "no status_code: any 2xx");
        assertNull(ssl.urls().get(1).digest());
        assertEquals("www.example.com", ssl.virtualhost(), "the virtual server's virtualhost is inherited");
        assertTrue(ssl.enableSni());
        assertFalse(ssl.verifyCertificate(), "keepalived does not verify certificates");
        CheckOptions o = ssl.options();
        assertEquals("10.1.0.100:8443", o.connectTo().toString());
        assertEquals("10.0.0.5", o.bindTo().getHostAddress());
        assertEquals(4, o.retry());
        assertEquals(Duration.ofSeconds(2), o.warmup());
        assertTrue(o.alpha());

        HttpCheckConfig http = (HttpCheckConfig) rs.checkers().get(1);
        assertFalse(http.tls());
        assertEquals("ping.example.com", http.virtualhost());
        assertEquals("10.1.0.1:443", http.options().connectTo().toString());
        assertEquals(CheckOptions.DEFAULT_CONNECT_TIMEOUT, http.options().connectTimeout());
        assertEquals(Duration.ofSeconds(1), http.options().delayBeforeRetry());
        assertEquals(Duration.ofSeconds(20), http.options().delayLoop());

        MiscCheckConfig misc = (MiscCheckConfig) rs.checkers().get(2);
        assertEquals(List.of("/usr/lib/check", "two words", "x"), misc.command());
        assertTrue(misc.dynamic());
        assertEquals(Duration.ofSeconds(20), misc.timeout(), "misc_timeout defaults to the delay_loop");
    }

    @Test
    void defaultsWithoutTimingKeywords() throws IOException {
        Path file = write("k.conf", "virtual_server 10.0.0.1 80 {\n lb_kind DR\n real_server 10.1.0.1 80 {\n"
                + "  TCP_CHECK {\n  }\n }\n}\n");
        VirtualServer vs = KeepalivedParser.parse(file).virtualServers().get(0);
        assertEquals("wlc", vs.scheduler());
        assertEquals(1, vs.quorum());
        RealServer rs = vs.realServers().get(0);
        assertEquals(1, rs.weight());
        CheckOptions o = rs.checkers().get(0).options();
        assertEquals(Duration.ofSeconds(5), o.connectTimeout());
        assertEquals(1, o.retry());
        assertEquals(Duration.ofSeconds(1), o.delayBeforeRetry());
        assertEquals(Duration.ofSeconds(60), o.delayLoop());
        assertEquals(Duration.ZERO, o.warmup());
    }

    @Test
    void bracesMayOpenOnTheNextLineAndQuotedBracesAreWords() throws IOException {
        Path file = write("k.conf", "virtual_server 10.0.0.1 80\n{\n lb_kind DR\n real_server 10.1.0.1 80\n {\n"
                + "  notify_up \"/bin/echo {}\"\n }\n}\n");
        RealServer rs = KeepalivedParser.parse(file).virtualServers().get(0).realServers().get(0);
        assertEquals("/bin/echo {}", rs.notifyUp());
    }

    @Test
    void unknownKeywordsAreWarningsWithFileAndLine() throws IOException {
        Path file = write("k.conf", """
                static_routes {
                  10.0.0.0/8 via 192.168.0.1
                }
                virtual_server 10.0.0.1 80 {
                    lb_kind DR
                    frobnicate 3
                    real_server 10.1.0.1 80 {
                        colour blue
                        TCP_CHECK {
                            speed fast
                        }
                    }
                }
                """);
        KeepalivedConfig config = KeepalivedParser.parse(file);
        assertEquals(List.of(
                file + ":1: unknown keyword 'static_routes', ignored",
                file + ":6: unknown keyword 'frobnicate' in virtual_server, ignored",
                file + ":8: unknown keyword 'colour' in real_server, ignored",
                file + ":10: unknown keyword 'speed' in TCP_CHECK, ignored"), config.warnings());
        assertEquals(1, config.virtualServers().size());
    }
}
