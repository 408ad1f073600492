package io.lvs4j.control.health;

/** Whether a checker (or a real server, all its checkers together) counts as up. */
public enum CheckState {
    UP, DOWN
}
