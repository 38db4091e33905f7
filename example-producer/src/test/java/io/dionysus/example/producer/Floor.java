package io.dionysus.example.producer;

import java.util.ArrayList;
import java.util.List;

/** Not a model: only a step on the path from a room to its hotel. */
public class Floor {
    public Hotel hotel;
    public List<Room> rooms = new ArrayList<>();
}
