/**
 * ipvsadm 1.31's language and nothing else: the popt scanner and parser that turn a command line
 * into a {@link io.lvs4j.control.TableChange} or a listing request, the formatters that print the
 * tables byte for byte as ipvsadm does, and its error texts and exit codes.
 */
package io.lvs4j.control.ipvsadm;
